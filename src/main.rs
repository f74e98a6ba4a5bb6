// Release builds on Windows are GUI programs (no console window flashes up when the admin
// double-clicks PatchDesk); subcommands re-attach to the console they were started from.
#![cfg_attr(all(windows, not(debug_assertions)), windows_subsystem = "windows")]

use std::process::ExitCode;

use clap::Parser;
use patchdesk::cli::{self, Cli};

fn main() -> ExitCode {
    let cli = Cli::parse_from_console();
    let db_path = cli.db_path();
    match &cli.command {
        None => match patchdesk::ui::run(db_path, cli.lang, cli.bench) {
            Ok(()) => ExitCode::SUCCESS,
            Err(err) => {
                eprintln!("patchdesk: cannot open the window: {err}");
                ExitCode::FAILURE
            }
        },
        Some(command) => {
            let mut stdout = std::io::stdout().lock();
            // Subcommands speak English unless --lang says otherwise: scripts parse their output.
            let lang = cli.lang.unwrap_or(patchdesk::i18n::Lang::En);
            match cli::execute(command, &db_path, lang, &mut stdout) {
                Ok(()) => ExitCode::SUCCESS,
                Err(err) => {
                    eprintln!("patchdesk: error: {err}");
                    ExitCode::FAILURE
                }
            }
        }
    }
}

trait ParseFromConsole {
    fn parse_from_console() -> Self;
}

impl ParseFromConsole for Cli {
    /// Parses the arguments; on Windows, first attaches to the parent console when there are
    /// any, so that `--help`, `--version`, errors and subcommand output reach the terminal.
    fn parse_from_console() -> Cli {
        #[cfg(windows)]
        if std::env::args_os().len() > 1 {
            attach_parent_console();
        }
        Cli::parse()
    }
}

#[cfg(windows)]
fn attach_parent_console() {
    use windows_sys::Win32::System::Console::{ATTACH_PARENT_PROCESS, AttachConsole};
    // SAFETY: AttachConsole has no memory-safety preconditions; failure (no parent console,
    // e.g. started from Explorer) just leaves output unattached.
    unsafe {
        AttachConsole(ATTACH_PARENT_PROCESS);
    }
}
