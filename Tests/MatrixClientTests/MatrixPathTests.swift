/// Identifiers full of `!`, `$`, `:`, `@`, `#`, `/`, `?` and `+` stay one path segment each.
import Testing

@testable import MatrixClient

@Suite struct MatrixPathTests {
    @Test func identifiersAreEscapedPerSegment() {
        let path = MatrixPath.v3("rooms", "!abc:localhost", "send", "m.room.message", "txn/1?x=2#y+z")
        #expect(
            path.escaped == "/_matrix/client/v3/rooms/%21abc%3Alocalhost/send/m.room.message/txn%2F1%3Fx%3D2%23y%2Bz")
        #expect(
            MatrixPath.v3("rooms", "!r:hs", "receipt", "m.read", "$ev/ent:hs").escaped
                == "/_matrix/client/v3/rooms/%21r%3Ahs/receipt/m.read/%24ev%2Fent%3Ahs")
        #expect(
            MatrixPath.v3("profile", "@bot:localhost", "displayname").escaped
                == "/_matrix/client/v3/profile/%40bot%3Alocalhost/displayname")
        #expect(
            MatrixPath.v3("directory", "room", "#room:hs").escaped == "/_matrix/client/v3/directory/room/%23room%3Ahs")
    }

    @Test func emptyStateKeyKeepsTheTrailingSlash() {
        #expect(
            MatrixPath.v3("rooms", "!r:hs", "state", "m.room.encryption", "").escaped
                == "/_matrix/client/v3/rooms/%21r%3Ahs/state/m.room.encryption/")
    }

    @Test func unicodeIsEscapedAsUTF8AndUnreservedIsKept() {
        #expect(MatrixPath.escape("é👀") == "%C3%A9%F0%9F%91%80")
        #expect(MatrixPath.escape("Az09-._~") == "Az09-._~")
    }

    @Test func queryValuesNeverTurnPlusIntoSpace() {
        #expect(
            MatrixPath.query([("since", "s1+2 3"), ("filter", #"{"a":1}"#)])
                == "since=s1%2B2%203&filter=%7B%22a%22%3A1%7D")
    }
}
