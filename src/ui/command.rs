//! Every user action is one value of [`UiCommand`]. Buttons, menus and keyboard shortcuts all
//! produce these; `command_handling` performs them once per frame, after drawing.

use std::path::PathBuf;

use egui::{Key, KeyboardShortcut, Modifiers};

use super::app_state::ThemeChoice;
use super::nav::Section;
use crate::i18n::Lang;
use crate::jobs::JobId;
use crate::store::{CatalogQuery, OfficeProfile, OverrideAction, SuppressionTarget};

#[derive(Clone, Debug, PartialEq)]
pub enum UiCommand {
    Navigate(Section),
    /// Ask for files in a dialog, then import them.
    PickFilesToImport,
    /// Read these files (dropped or picked) and show the import preview.
    ImportFiles(Vec<PathBuf>),
    /// Store the files of the import preview.
    CommitImport,
    CloseImport,
    /// Ask for the drop folder, then watch it.
    ChooseDropFolder,
    StopDropFolder,
    SelectMachine(Option<i64>),
    CreateGroup {
        name: String,
        ring: bool,
        pattern: Option<String>,
    },
    AssignToGroup {
        group: String,
        hostnames: Vec<String>,
    },
    RemoveFromGroup {
        group: String,
        hostnames: Vec<String>,
    },
    /// Identify: show this machine's findings and fix set (None closes the panel).
    SelectFindingsMachine(Option<i64>),
    /// Identify: explain one CVE on one machine.
    ExplainFinding {
        machine_id: i64,
        cve: String,
    },
    CloseExplanation,
    SearchCatalog(CatalogQuery),
    /// "Not applicable here", with a reason and an optional last day.
    Suppress {
        machine_id: Option<i64>,
        target: SuppressionTarget,
        reason: String,
        expires: Option<chrono::NaiveDate>,
    },
    LiftSuppression(i64),
    /// Correct a machine's product mapping (audited).
    OverrideProduct {
        machine_id: i64,
        product: String,
        action: OverrideAction,
        reason: String,
    },
    /// Download new and revised MSRC documents.
    FetchCatalog,
    /// Ask where to write a backup, then write it as a job.
    BackupDatabase,
    LoadSampleOffice,
    SaveOfficeProfile(OfficeProfile),
    SetLanguage(Lang),
    ToggleLanguage,
    SetTheme(ThemeChoice),
    CycleTheme,
    ToggleHelp,
    /// Escape: close whatever overlay is open.
    CloseOverlays,
    CancelJob(JobId),
    DismissNotice,
    ToggleNoticeDetails,
    Quit,
}

/// A keyboard shortcut, the command it sends, and its description for the help overlay.
pub struct Shortcut {
    pub keys: KeyboardShortcut,
    pub command: UiCommand,
    pub description_key: &'static str,
}

const fn cmd(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::COMMAND, key)
}

/// The one table of shortcuts: the input handler and the help overlay both read it.
pub fn shortcuts() -> Vec<Shortcut> {
    let navigate = |key, section: Section| Shortcut {
        keys: cmd(key),
        command: UiCommand::Navigate(section),
        description_key: section.nav_key(),
    };
    vec![
        navigate(Key::Num0, Section::Dashboard),
        navigate(Key::Num1, Section::Assess),
        navigate(Key::Num2, Section::Identify),
        navigate(Key::Num3, Section::Plan),
        navigate(Key::Num4, Section::Deploy),
        navigate(Key::Comma, Section::Settings),
        Shortcut {
            keys: cmd(Key::O),
            command: UiCommand::PickFilesToImport,
            description_key: "shortcut.import",
        },
        Shortcut {
            keys: cmd(Key::B),
            command: UiCommand::BackupDatabase,
            description_key: "shortcut.backup",
        },
        Shortcut {
            keys: cmd(Key::L),
            command: UiCommand::ToggleLanguage,
            description_key: "shortcut.language",
        },
        Shortcut {
            keys: KeyboardShortcut::new(Modifiers::COMMAND | Modifiers::SHIFT, Key::T),
            command: UiCommand::CycleTheme,
            description_key: "shortcut.theme",
        },
        Shortcut {
            keys: KeyboardShortcut::new(Modifiers::NONE, Key::F1),
            command: UiCommand::ToggleHelp,
            description_key: "shortcut.help",
        },
        Shortcut {
            keys: KeyboardShortcut::new(Modifiers::NONE, Key::Escape),
            command: UiCommand::CloseOverlays,
            description_key: "shortcut.close",
        },
        Shortcut {
            keys: cmd(Key::Q),
            command: UiCommand::Quit,
            description_key: "shortcut.quit",
        },
    ]
}

/// Turns this frame's key presses into commands. `?` opens help too, but only when no text
/// field has focus (there it is just a character).
pub fn commands_from_keyboard(ctx: &egui::Context) -> Vec<UiCommand> {
    let mut commands = Vec::new();
    ctx.input_mut(|input| {
        for shortcut in shortcuts() {
            if input.consume_shortcut(&shortcut.keys) {
                commands.push(shortcut.command);
            }
        }
    });
    let typing = ctx.egui_wants_keyboard_input();
    if !typing
        && ctx.input(|input| {
            input
                .events
                .iter()
                .any(|event| matches!(event, egui::Event::Text(text) if text == "?"))
        })
    {
        commands.push(UiCommand::ToggleHelp);
    }
    commands
}
