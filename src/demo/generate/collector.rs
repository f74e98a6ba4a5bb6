//! PatchDesk collector files (`assets/collector/README.md`), laid out as Windows PowerShell
//! 5.1's `ConvertTo-Json` lays them out: `"key":  value`, nested values indented from the
//! column of their opening bracket, CRLF.

use chrono::NaiveDateTime;

use super::catalog::{MONTHS, Product};
use super::office::{DemoMachine, DemoUpdate, Locale, UpdateKind};

/// A JSON value with its keys in the order they are written.
enum Json {
    Null,
    Bool(bool),
    Number(u64),
    Text(String),
    Array(Vec<Json>),
    Object(Vec<(&'static str, Json)>),
}

fn text(value: impl Into<String>) -> Json {
    Json::Text(value.into())
}

impl Json {
    /// Writes the value as if it started at `column`.
    fn write(&self, out: &mut String, column: usize) {
        match self {
            Json::Null => out.push_str("null"),
            Json::Bool(value) => out.push_str(if *value { "true" } else { "false" }),
            Json::Number(value) => out.push_str(&value.to_string()),
            Json::Text(value) => write_string(out, value),
            Json::Array(items) => {
                out.push_str("[\r\n");
                if items.is_empty() {
                    out.push_str("\r\n");
                }
                for (index, item) in items.iter().enumerate() {
                    indent(out, column + 4);
                    item.write(out, column + 4);
                    out.push_str(if index + 1 < items.len() {
                        ",\r\n"
                    } else {
                        "\r\n"
                    });
                }
                indent(out, column);
                out.push(']');
            }
            Json::Object(fields) => {
                out.push_str("{\r\n");
                for (index, (key, value)) in fields.iter().enumerate() {
                    indent(out, column + 4);
                    let start = out.len();
                    out.push('"');
                    out.push_str(key);
                    out.push_str("\":  ");
                    let key_width = out.len() - start;
                    value.write(out, column + 4 + key_width);
                    out.push_str(if index + 1 < fields.len() {
                        ",\r\n"
                    } else {
                        "\r\n"
                    });
                }
                indent(out, column);
                out.push('}');
            }
        }
    }
}

fn indent(out: &mut String, column: usize) {
    out.extend(std::iter::repeat_n(' ', column));
}

fn write_string(out: &mut String, value: &str) {
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            // PowerShell escapes these for HTML safety.
            '\'' | '<' | '>' | '&' => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// `2023-02-03T12:31:07.4420000+09:00`: PowerShell's round-trip format in Japan time.
fn local_time(time: NaiveDateTime, ticks: u32) -> String {
    format!("{}.{ticks:07}+09:00", time.format("%Y-%m-%dT%H:%M:%S"))
}

pub fn json(machine: &DemoMachine) -> String {
    let info = machine.product.info();
    let japanese = machine.locale() == Locale::Japanese;
    let revision = machine
        .revision()
        .map_or(Json::Null, |r| Json::Number(u64::from(r)));
    let os = Json::Object(vec![
        ("caption", text(machine.os_name())),
        ("product_name", text(machine.registry_product_name())),
        ("edition_id", text(machine.edition.edition_id())),
        ("display_version", text(info.display_version)),
        ("version", text(format!("10.0.{}", info.build))),
        ("current_build", text(info.build.to_string())),
        ("ubr", revision),
        (
            "architecture",
            text(if japanese { "64 ビット" } else { "64-bit" }),
        ),
        ("processor_architecture", text("AMD64")),
        (
            "installation_type",
            text(if machine.is_server() {
                "Server"
            } else {
                "Client"
            }),
        ),
    ]);

    // Get-HotFix first, then the update history, newest first, as the collector writes them.
    let mut updates: Vec<Json> = machine
        .hotfixes()
        .map(|update| {
            let description = match update.kind {
                UpdateKind::DotNet => "Update",
                _ => "Security Update",
            };
            update_entry(update, "Get-HotFix", description.to_owned())
        })
        .collect();
    let mut history: Vec<&DemoUpdate> = machine.updates.iter().collect();
    history.sort_by_key(|update| std::cmp::Reverse(update.installed_on));
    for update in history {
        updates.push(update_entry(
            update,
            "WindowsUpdateHistory",
            history_title(machine.product, update, japanese),
        ));
    }

    let programs = machine
        .programs
        .iter()
        .map(|program| {
            Json::Object(vec![
                ("name", text(program.name)),
                ("version", program.version.map_or(Json::Null, text)),
                ("publisher", text(program.publisher)),
            ])
        })
        .collect();

    let root = Json::Object(vec![
        ("schema", text("patchdesk-inventory/1")),
        ("collector_version", text("1.0.0")),
        (
            "collected_at",
            text(local_time(machine.collected_at, machine.collected_ticks)),
        ),
        ("hostname", text(machine.hostname.clone())),
        ("domain", text(machine.domain_name())),
        ("part_of_domain", Json::Bool(machine.in_domain)),
        ("serial_number", text(machine.serial_number.clone())),
        ("smbios_uuid", text(machine.smbios_uuid.clone())),
        ("registered_owner", text(machine.registered_owner)),
        ("os", os),
        (
            "last_boot",
            text(local_time(machine.booted_at, machine.collected_ticks / 7)),
        ),
        (
            "pending_reboot",
            Json::Bool(!machine.pending_reboot_reasons.is_empty()),
        ),
        (
            "pending_reboot_reasons",
            Json::Array(
                machine
                    .pending_reboot_reasons
                    .iter()
                    .map(|&reason| text(reason))
                    .collect(),
            ),
        ),
        (
            "system_drive_free_bytes",
            Json::Number(machine.system_drive_free_bytes),
        ),
        (
            "windows_update_service",
            Json::Object(vec![
                ("status", text(machine.update_service_status)),
                ("start_type", text(machine.update_service_start)),
            ]),
        ),
        ("updates", Json::Array(updates)),
        ("programs", Json::Array(programs)),
        ("warnings", Json::Array(Vec::new())),
    ]);
    let mut out = String::with_capacity(8192);
    root.write(&mut out, 0);
    out
}

fn update_entry(update: &DemoUpdate, source: &str, description: String) -> Json {
    Json::Object(vec![
        ("kb", text(update.kb)),
        (
            "installed_on",
            text(update.installed_on.format("%Y-%m-%d").to_string()),
        ),
        ("source", text(source)),
        ("description", text(description)),
    ])
}

/// The update's title in the Windows Update history, in the machine's language.
fn history_title(product: Product, update: &DemoUpdate, japanese: bool) -> String {
    let info = product.info();
    let month = MONTHS[update.month].label;
    let kb = update.kb;
    match (update.kind, japanese) {
        (UpdateKind::Cumulative, false) => format!(
            "{month} Cumulative Update for {} for x64-based Systems ({kb})",
            info.update_title_name
        ),
        (UpdateKind::Cumulative, true) => format!(
            "{month} x64 ベース システム用 {} の累積更新プログラム ({kb})",
            info.update_title_name
        ),
        (UpdateKind::DotNet, false) => format!(
            "{month} Cumulative Update for .NET Framework {} for {} for x64 ({kb})",
            info.dotnet_versions, info.dotnet_title_name
        ),
        (UpdateKind::DotNet, true) => format!(
            "{month} x64 向け {} 用 .NET Framework {} の累積的な更新プログラム ({kb})",
            info.dotnet_title_name,
            info.dotnet_versions.replace("and", "および")
        ),
        (UpdateKind::Msrt, false) => format!(
            "Windows Malicious Software Removal Tool x64 - v{} ({kb})",
            MONTHS[update.month].msrt_version
        ),
        (UpdateKind::Msrt, true) => format!(
            "Windows 悪意のあるソフトウェアの削除ツール x64 - v{} ({kb})",
            MONTHS[update.month].msrt_version
        ),
    }
}
