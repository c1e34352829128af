/// `--config PATH`, shared by every subcommand that reads the config.
import ArgumentParser
import Shared

/// The `--config` option and how to load the config it names.
struct ConfigOption: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "PRX's config file; config.d/*.toml beside it is merged on top.",
            discussion:
                "Default: $OPENPRX_CONFIG_DIR/config.toml if OPENPRX_CONFIG_DIR is set, else ~/.openprx/config.toml.",
            valueName: "PATH"))
    var config: String?

    /// Loads and validates the config; throws every problem at once.
    func load(loader: ConfigLoader = ConfigLoader()) throws(ConfigError) -> LoadedConfig {
        try loader.load(path: config)
    }
}
