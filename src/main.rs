//! The `pjece` command. All work happens in the library; this maps outcomes to exit codes.

use clap::Parser;

fn main() {
    let cli = pjece::cli::Cli::parse();
    match pjece::cli::run(cli) {
        Ok(message) => {
            if !message.is_empty() {
                println!("{message}");
            }
        }
        Err(error) => {
            eprintln!("{}", pjece::cli::describe(&error));
            std::process::exit(pjece::cli::exit_code(&error));
        }
    }
}
