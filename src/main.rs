//! The `pjece` command. All work happens in the library; this maps outcomes to exit codes.

use clap::Parser;

fn main() {
    let cli = pjece::cli::Cli::parse();
    // `serve` stops on Ctrl-C by itself, closing its connections; every other command that
    // writes removes its half-written output folder.
    if !matches!(cli.command, pjece::cli::Command::Serve(_)) {
        pjece::output::remove_fresh_folders_on_interrupt();
    }
    let root = cli.site_root();
    match pjece::cli::run(cli) {
        Ok(message) => {
            if !message.is_empty() {
                println!("{message}");
            }
        }
        Err(error) => {
            let style = pjece::report::Style::for_stderr();
            eprintln!("{}", pjece::report::describe(&error, &root, style));
            std::process::exit(pjece::cli::exit_code(&error));
        }
    }
}
