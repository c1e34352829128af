/// Where tests find the repository, its scripts and the Python venv with Synapse and the E2EE peers.
public import Foundation

/// Paths the tests need; the venv is `PRX_MATRIX_VENV` if set, else `<repo>/.venv` (made by `scripts/setup`).
public enum RepoPaths {
    /// The repository root (the folder with Package.swift).
    public static let root: URL = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
        }
        fatalError("Package.swift not found above \(#filePath)")
    }()

    /// `scripts/NAME` in the repository.
    public static func script(_ name: String) -> URL {
        root.appendingPathComponent("scripts").appendingPathComponent(name)
    }

    /// The Python venv made by `scripts/setup`.
    public static var venv: URL {
        if let v = ProcessInfo.processInfo.environment["PRX_MATRIX_VENV"], !v.isEmpty { return URL(fileURLWithPath: v) }
        return root.appendingPathComponent(".venv")
    }

    /// The venv's Python interpreter.
    public static var python: URL { venv.appendingPathComponent("bin/python") }

    /// A built product of this package (e.g. `prx-matrix`): from `PRX_MATRIX_TEST_BIN_DIR` if set and it has
    /// one, else next to the test bundle.
    public static func product(_ name: String) -> URL {
        // PRX_MATRIX_TEST_BIN_DIR runs the process-level tests against other builds of the products, e.g.
        // the production binaries of `scripts/install --build-only`; products it lacks come from this build.
        if let dir = ProcessInfo.processInfo.environment["PRX_MATRIX_TEST_BIN_DIR"], !dir.isEmpty {
            let candidate = URL(fileURLWithPath: dir).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        let bundle = Bundle.main.bundleURL
        for dir in [bundle, bundle.deletingLastPathComponent()] {
            let candidate = dir.appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return root.appendingPathComponent(".build/debug").appendingPathComponent(name)
    }
}
