/// The modification time and size of the config's files: a cheap way to notice an edit without inotify.
import Foundation
import Shared
#if canImport(Glibc)
    import Glibc
#endif

/// What `stat` says about each file the config was read from (and `config.d/`, and `access_token_file`).
struct ConfigFileSnapshot: Equatable, Sendable {
    /// Path → (mtime in ns, size); a missing file is absent.
    private var entries: [String: [Int64]] = [:]

    /// The files that make up `config`: every file read, the `config.d` directory beside the main file
    /// (a new drop-in changes its mtime) and the token file.
    static func paths(of config: MatrixConfig) -> [String] {
        var paths = config.files
        if let main = config.files.first {
            paths.append(((main as NSString).deletingLastPathComponent as NSString).appendingPathComponent("config.d"))
        }
        if case .file(let path) = config.accessToken.source { paths.append(path) }
        return paths
    }

    /// Takes the snapshot of `paths` now.
    init(paths: [String]) {
        for path in paths {
            var info = stat()
            guard stat(path, &info) == 0 else { continue }
            entries[path] = [
                Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec), Int64(info.st_size),
                Int64(info.st_ino),
            ]
        }
    }
}
