/// The state directory (0700) and the private files in it (0600): created that way, refused when wider.
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Creates and checks the daemon's private directory and files with plain system calls (no symlinks followed).
enum PrivateFiles {
    /// The mode of the state directory.
    static let directoryMode: UInt32 = 0o700
    /// The mode of every file the queue creates in it.
    static let fileMode: UInt32 = 0o600

    /// Creates `directory` with mode 0700 (its missing parents with the default mode), or checks that the
    /// existing one is a directory of ours that only we can access.
    static func prepareDirectory(_ directory: URL) throws {
        let path = directory.path
        if try status(path) == nil {
            let parent = directory.deletingLastPathComponent()
            do {
                try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
            } catch {
                throw QueueError.cannotCreateDirectory(path: parent.path, reason: "\(error)")
            }
            if mkdir(path, mode_t(directoryMode)) != 0 && errno != EEXIST {
                throw QueueError.fileSystem(path: path, operation: "mkdir", errno: errno)
            }
            // mkdir applies the umask; set the mode exactly.
            if chmod(path, mode_t(directoryMode)) != 0 {
                throw QueueError.fileSystem(path: path, operation: "chmod", errno: errno)
            }
        }
        try check(path, isDirectory: true, allowedMode: directoryMode)
    }

    /// Creates `path` with mode 0600 and `contents`, durably (file and directory fsynced).
    /// Returns false, writing nothing, when the file already exists.
    @discardableResult
    static func createFile(_ path: String, contents: [UInt8]) throws -> Bool {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode_t(fileMode))
        if fd < 0 {
            if errno == EEXIST { return false }
            throw QueueError.fileSystem(path: path, operation: "create", errno: errno)
        }
        defer { close(fd) }
        var written = 0
        while written < contents.count {
            let n = contents[written...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw QueueError.fileSystem(path: path, operation: "write", errno: errno)
            }
            written += n
        }
        if fchmod(fd, mode_t(fileMode)) != 0 || fsync(fd) != 0 {
            throw QueueError.fileSystem(path: path, operation: "fsync", errno: errno)
        }
        try syncDirectory(of: path)
        return true
    }

    /// The whole content of the private file at `path`, after checking its type, owner and mode.
    static func contents(of path: String) throws -> [UInt8] {
        try check(path, isDirectory: false, allowedMode: fileMode)
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        if fd < 0 { throw QueueError.fileSystem(path: path, operation: "open", errno: errno) }
        defer { close(fd) }
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw QueueError.fileSystem(path: path, operation: "read", errno: errno)
            }
            if n == 0 { return out }
            out += buffer[0..<n]
        }
    }

    /// Checks that `path` is a directory or regular file (not a symlink), owned by us, with no mode bits
    /// outside `allowedMode`. A missing file passes when `mustExist` is false.
    static func check(_ path: String, isDirectory: Bool, allowedMode: UInt32, mustExist: Bool = true) throws {
        guard let st = try status(path) else {
            if mustExist { throw QueueError.fileSystem(path: path, operation: "stat", errno: ENOENT) }
            return
        }
        let type = UInt32(st.st_mode) & UInt32(S_IFMT)
        let expectedType = UInt32(isDirectory ? S_IFDIR : S_IFREG)
        guard type == expectedType else {
            throw QueueError.wrongFileType(path: path, expected: isDirectory ? "a directory" : "a regular file")
        }
        let uid = UInt32(geteuid())
        guard UInt32(st.st_uid) == uid else {
            throw QueueError.wrongOwner(path: path, owner: UInt32(st.st_uid), expected: uid)
        }
        let mode = UInt32(st.st_mode) & 0o7777
        guard mode & ~allowedMode == 0 else {
            throw QueueError.permissionsTooOpen(path: path, mode: mode, expected: allowedMode)
        }
    }

    /// `lstat` of `path`, or nil when nothing is there.
    private static func status(_ path: String) throws -> stat? {
        var st = stat()
        if lstat(path, &st) == 0 { return st }
        if errno == ENOENT { return nil }
        throw QueueError.fileSystem(path: path, operation: "lstat", errno: errno)
    }

    /// fsync of the directory holding `path`, so that a new file's name survives a power loss.
    private static func syncDirectory(of path: String) throws {
        let directory = (path as NSString).deletingLastPathComponent
        let fd = open(directory.isEmpty ? "." : directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if fd < 0 { throw QueueError.fileSystem(path: directory, operation: "open", errno: errno) }
        defer { close(fd) }
        if fsync(fd) != 0 { throw QueueError.fileSystem(path: directory, operation: "fsync", errno: errno) }
    }
}
