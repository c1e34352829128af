/// A swift-log handler that sends each line to the supervisor as a `log` frame (stderr if the link is gone).
import Foundation
import Logging
import Shared

/// Log lines of the worker end up in the supervisor's log: `{"type":"log","level","message","metadata"}`.
/// Nothing here ever sees the token (the settings' `description` redacts it).
struct LinkLogHandler: LogHandler {
    /// The link.
    let link: SupervisorLink
    /// The least severe level sent.
    var logLevel: Logger.Level
    /// Metadata added to every line.
    var metadata: Logger.Metadata = [:]
    /// Not used: the worker's loggers carry their metadata directly.
    var metadataProvider: Logger.MetadataProvider?

    /// Metadata by key.
    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Sends the line; when the link is closed it goes to stderr instead.
    func log(event: LogEvent) {
        var fields = metadata
        for (key, value) in event.metadata ?? [:] { fields[key] = value }
        let strings = fields.mapValues { "\($0)" }
        do {
            try link.send(.log(level: event.level, message: "\(event.message)", metadata: strings))
        } catch {
            let extra = strings.keys.sorted().map { " \($0)=\(strings[$0] ?? "")" }.joined()
            FileHandle.standardError.write(Data("prx-matrix-worker \(event.level): \(event.message)\(extra)\n".utf8))
        }
    }
}
