/// The TOML parser on valid documents: every TOML 1.0 construct, the spec's examples, a full PRX config.
@testable import Shared
import Testing

@Suite struct TOMLParserValidTests {
    @Test(arguments: [
        ("key = \"value\"", "{key = \"value\"}"),
        ("# c\nbare_key = 1 # trailing\nbare-key = 2\n1234 = 3", "{bare_key = 1, bare-key = 2, 1234 = 3}"),
        (
            "\"127.0.0.1\" = 1\n\"key two\" = 2\n'quoted \"v\"' = 3\n\"\" = 4",
            "{\"127.0.0.1\" = 1, \"key two\" = 2, \"quoted \\\"v\\\"\" = 3, \"\" = 4}"
        ),
        (
            "name = 1\nphysical.color = \"orange\"\nphysical.shape = \"round\"\nsite.\"google.com\" = true",
            "{name = 1, physical = {color = \"orange\", shape = \"round\"}, site = {\"google.com\" = true}}"
        ),
        ("fruit . flavor = \"banana\"", "{fruit = {flavor = \"banana\"}}"),
        ("3.14159 = \"pi\"", "{3 = {14159 = \"pi\"}}"),
        (
            "s = \"tab\\tq\\\"b\\\\n\\nu\\u00E9U\\U0001F600b\\bf\\fr\\r\"",
            "{s = \"tab\\tq\\\"b\\\\n\\nuéU😀b\\u0008f\\u000Cr\\r\"}"
        ),
        ("s = \"\"\"\nRoses\nViolets\"\"\"", "{s = \"Roses\\nViolets\"}"),
        ("s = \"\"\"\\\n  The quick \\\n\n  fox.\\\n  \"\"\"", "{s = \"The quick fox.\"}"),
        (
            "s = \"\"\"Here are two quotation marks: \"\". Simple.\"\"\"",
            "{s = \"Here are two quotation marks: \\\"\\\". Simple.\"}"
        ),
        ("s = \"\"\"\"\"This,\" she said\"\"\"\"\"", "{s = \"\\\"\\\"This,\\\" she said\\\"\\\"\"}"),
        (
            "p = 'C:\\Users\\nodejs'\nq = '<\\i\\c*\\s*>'",
            "{p = \"C:\\\\Users\\\\nodejs\", q = \"<\\\\i\\\\c*\\\\s*>\"}"
        ),
        (
            "r = '''\nThe first newline is\ntrimmed.'''\nq = ''''That,' she said'''",
            "{r = \"The first newline is\\ntrimmed.\", q = \"'That,' she said\"}"
        ),
        (
            "a = +99\nb = 42\nc = 0\nd = -17\ne = 1_000\nf = 5_349_221\ng = -0\nh = +0",
            "{a = 99, b = 42, c = 0, d = -17, e = 1000, f = 5349221, g = 0, h = 0}"
        ),
        (
            "h = 0xDEADBEEF\ni = 0xdead_beef\no = 0o755\nb = 0b1101_0110",
            "{h = 3735928559, i = 3735928559, o = 493, b = 214}"
        ),
        (
            "max = 9223372036854775807\nmin = -9223372036854775808",
            "{max = 9223372036854775807, min = -9223372036854775808}"
        ),
        (
            "a = +1.0\nb = 3.1415\nc = -0.01\nd = 5e+22\ne = 1e06\nf = -2E-2\ng = 6.626e-34\nh = 224_617.445_991",
            "{a = 1.0, b = 3.1415, c = -0.01, d = 5e+22, e = 1000000.0, f = -0.02, g = 6.626e-34, h = 224617.445991}"
        ),
        (
            "a = inf\nb = +inf\nc = -inf\nd = nan\ne = +nan\nf = -nan",
            "{a = inf, b = inf, c = -inf, d = nan, e = nan, f = nan}"
        ),
        ("t = true\nf = false", "{t = true, f = false}"),
        (
            "a = 1979-05-27T07:32:00Z\nb = 1979-05-27T00:32:00-07:00\nc = 1979-05-27T00:32:00.999999-07:00\nd = 1979-05-27 07:32:00Z",
            "{a = offset date-time(1979-05-27T07:32:00Z), b = offset date-time(1979-05-27T00:32:00-07:00), c = offset date-time(1979-05-27T00:32:00.999999-07:00), d = offset date-time(1979-05-27 07:32:00Z)}"
        ),
        (
            "a = 1979-05-27T07:32:00\nb = 1979-05-27\nc = 07:32:00\nd = 00:32:00.999999\ne = 2024-02-29",
            "{a = local date-time(1979-05-27T07:32:00), b = local date(1979-05-27), c = local time(07:32:00), d = local time(00:32:00.999999), e = local date(2024-02-29)}"
        ),
        (
            "i = [ 1, 2, 3 ]\nc = [ \"red\", 'y' ]\nn = [ [ 1, 2 ], [3, 4, 5] ]\nm = [ 0.1, \"x\", {a = 1} ]\ne = []",
            "{i = [1, 2, 3], c = [\"red\", \"y\"], n = [[1, 2], [3, 4, 5]], m = [0.1, \"x\", {a = 1}], e = []}"
        ),
        ("a = [\n  1, # one\n  2,\n  # only a comment\n]", "{a = [1, 2]}"),
        ("[table-1]\nkey1 = \"s\"\n[table-2]\nkey1 = 2", "{table-1 = {key1 = \"s\"}, table-2 = {key1 = 2}}"),
        ("[dog.\"tater.man\"]\ntype.name = \"pug\"", "{dog = {\"tater.man\" = {type = {name = \"pug\"}}}}"),
        ("[ j . \"ʞ\" . 'l' ]\nx = 1", "{j = {\"ʞ\" = {l = {x = 1}}}}"),
        ("[x.y.z.w]\n[x]\na = 1", "{x = {y = {z = {w = {}}}, a = 1}}"),
        (
            "[fruit]\napple.color = \"red\"\napple.taste.sweet = true\n[fruit.apple.texture]\nsmooth = true",
            "{fruit = {apple = {color = \"red\", taste = {sweet = true}, texture = {smooth = true}}}}"
        ),
        (
            "name = { first = \"Tom\", last = \"Preston\" }\npoint = {x=1,y=2}\nanimal = { type.name = \"pug\" }\ne = {}",
            "{name = {first = \"Tom\", last = \"Preston\"}, point = {x = 1, y = 2}, animal = {type = {name = \"pug\"}}, e = {}}"
        ),
        (
            "[[products]]\nname = \"Hammer\"\n[[products]]\n[[products]]\nname = \"Nail\"",
            "{products = [{name = \"Hammer\"}, {}, {name = \"Nail\"}]}"
        ),
        (
            "[[fruits]]\nname = \"apple\"\n[fruits.physical]\ncolor = \"red\"\n[[fruits.varieties]]\nname = \"red delicious\"\n[[fruits.varieties]]\nname = \"granny smith\"\n[[fruits]]\nname = \"banana\"\n[[fruits.varieties]]\nname = \"plantain\"",
            "{fruits = [{name = \"apple\", physical = {color = \"red\"}, varieties = [{name = \"red delicious\"}, {name = \"granny smith\"}]}, {name = \"banana\", varieties = [{name = \"plantain\"}]}]}"
        ),
        ("\u{FEFF}a = 1\r\nb = \"\"\"x\r\ny\"\"\"\r\n", "{a = 1, b = \"x\\ny\"}"),
        ("", "{}"),
    ])
    func parsesValidDocument(_ input: String, _ expected: String) throws {
        #expect(try parsed(input) == expected)
    }

    @Test func keepsPositionsOfKeysAndValues() throws {
        let text =
            "# header\n[channels_config.matrix]\n  homeserver = \"https://x.org\"\nallowed_users = [\n  \"@a:x.org\",\n    \"@b:x.org\"]\n"
        let root = try TOMLParser.parse(text, file: "c.toml")
        guard case .table(let channels)? = root["channels_config"]?.value, let matrixNode = channels["matrix"],
            case .table(let matrix) = matrixNode.value
        else { Issue.record("no matrix table"); return }
        #expect(matrix.location.description == "c.toml:2:1")
        let homeserver = try #require(matrix["homeserver"])
        #expect(homeserver.keyLocation?.description == "c.toml:3:3")
        #expect(homeserver.location.description == "c.toml:3:16")
        guard case .array(let users)? = matrix["allowed_users"]?.value else { Issue.record("no array"); return }
        #expect(users.map(\.location.description) == ["c.toml:5:3", "c.toml:6:5"])
    }

    @Test func parsesRealisticFullPRXConfig() throws {
        let text = """
            # PRX main config
            default_provider = "openrouter"
            default_model = "anthropic/claude-sonnet-4"
            default_temperature = 0.7

            [gateway]
            host = "127.0.0.1"
            port = 3000
            allowed_origins = [
                "http://localhost:3000",
                "https://prx.example.org", # prod
            ]

            [memory]
            backend = "sqlite"
            auto_save = true
            embedding = { provider = "openai", model = "text-embedding-3-small", dims = 1_536 }

            [reliability]
            channel_initial_backoff_secs = 2
            channel_max_backoff_secs = 60
            provider_retries = 3

            [channels_config]
            message_timeout_secs = 300
            cli = true

            [channels_config.telegram]
            bot_token = "123:ABC"
            allowed_users = ["*"]

            [channels_config.matrix]
            homeserver = "https://matrix.org"
            access_token = "syt_xxxxxxxxxxxxxxxxxxxxxxxxxxxx"
            room_id = "!abc123def456:matrix.org"
            allowed_users = ["@alice:matrix.org", "@bob:matrix.org"]

            [[mcp.servers]]
            name = "files"
            command = 'C:\\tools\\mcp.exe'
            args = ["--root", "/srv"]
            env = {}

            [[mcp.servers]]
            name = "web"
            url = "http://127.0.0.1:9000/mcp"
            started = 2026-01-02T03:04:05Z

            [scheduler]
            quiet_hours = { from = 22:00:00, to = 07:00:00 }
            prompt = \"\"\"
            You are PRX.
            Be brief.\"\"\"
            """
        let root = try TOMLParser.parse(text, file: "config.toml")
        #expect(
            root.keys == [
                "default_provider", "default_model", "default_temperature", "gateway", "memory", "reliability",
                "channels_config", "mcp", "scheduler",
            ])
        guard case .table(let mcp)? = root["mcp"]?.value, case .array(let servers)? = mcp["servers"]?.value else {
            Issue.record("no mcp.servers"); return
        }
        #expect(servers.count == 2)
        #expect(servers.map(\.location.line) == [38, 44])
        guard case .table(let scheduler)? = root["scheduler"]?.value else { Issue.record("no scheduler"); return }
        #expect(
            render(scheduler)
                == "{quiet_hours = {from = local time(22:00:00), to = local time(07:00:00)}, prompt = \"You are PRX.\\nBe brief.\"}"
        )
    }

    @Test func mergesTablesKeyByKeyAndReplacesScalarsAndArrays() throws {
        let base = try TOMLParser.parse("[a]\nx = 1\nlist = [1, 2]\n[a.sub]\ny = 1\n[b]\nz = 1", file: "base.toml")
        let overlay = try TOMLParser.parse("[a]\nx = 2\nlist = [3]\n[a.sub]\nw = 2\n[c]\nq = 1", file: "over.toml")
        let merged = base.merging(overlay)
        #expect(render(merged) == "{a = {x = 2, list = [3], sub = {y = 1, w = 2}}, b = {z = 1}, c = {q = 1}}")
        guard case .table(let a)? = merged["a"]?.value else { Issue.record("no a"); return }
        #expect(a["x"]?.location.file == "over.toml")
        #expect(a.location.file == "base.toml")
    }
}
