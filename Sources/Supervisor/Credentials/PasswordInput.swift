/// Reading a password for `prx-matrix login`: from stdin when it is not a terminal, else a prompt without echo.
import Foundation
#if canImport(Glibc)
    import Glibc
#endif

/// The password source of `login`; never argv or the environment.
enum PasswordInput {
    /// Why no password was read.
    struct Failure: Error, CustomStringConvertible {
        /// What went wrong and what to do.
        let description: String
    }

    /// The password: all of stdin (one trailing newline dropped) when stdin is not a terminal, else a
    /// prompt on stderr with echo switched off.
    static func read(prompt: String) throws -> String {
        let password: String
        if isatty(STDIN_FILENO) == 1 {
            password = try promptWithoutEcho(prompt)
        } else {
            var text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
            if text.hasSuffix("\n") { text.removeLast() }
            if text.hasSuffix("\r") { text.removeLast() }
            password = text
        }
        guard !password.isEmpty else {
            throw Failure(
                description: "no password given: type it at the prompt or pipe it on stdin (never as an argument)")
        }
        return password
    }

    private static func promptWithoutEcho(_ prompt: String) throws -> String {
        FileHandle.standardError.write(Data(prompt.utf8))
        var saved = termios()
        guard tcgetattr(STDIN_FILENO, &saved) == 0 else {
            throw Failure(
                description: "cannot read the terminal settings (errno \(errno)); pipe the password on stdin instead")
        }
        var quiet = saved
        quiet.c_lflag &= ~tcflag_t(ECHO)
        guard tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet) == 0 else {
            throw Failure(
                description:
                    "cannot switch the terminal's echo off (errno \(errno)); pipe the password on stdin instead")
        }
        defer {
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved)
            FileHandle.standardError.write(Data("\n".utf8))
        }
        return Swift.readLine(strippingNewline: true) ?? ""
    }
}
