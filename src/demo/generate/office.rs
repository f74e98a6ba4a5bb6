//! The demo office: who has which machine, what runs on it, how far behind on updates it
//! is, and which file (format, language, encoding) its inventory arrives in.
//!
//! The office is seen at the start of February 2023, after January's Patch Tuesday and before
//! February's, so that the MSRC documents of November 2022 to January 2023 decide what each
//! machine misses. Most machines are one or two months behind, a few are current, a few have
//! not been updated since October.

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};

use super::Rng;
use super::catalog::{CURRENT_MONTH, Edition, MONTHS, MSRT_KB, Product};

/// The language the machine's Windows speaks, which decides labels, dates and numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Locale {
    Japanese,
    English,
    German,
    French,
}

/// What kind of file a machine's inventory arrives as.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Layout {
    /// `systeminfo > file` (the list layout).
    SysteminfoList,
    /// `systeminfo /fo csv > file`.
    SysteminfoCsv,
    /// `Get-HotFix | Export-Csv file`.
    GetHotFixCsv,
    /// PatchDesk's collector script.
    Collector,
}

impl Layout {
    /// The part of the file name after the host name, with the extension.
    pub fn file_suffix(self) -> &'static str {
        match self {
            Layout::SysteminfoList => "systeminfo.txt",
            Layout::SysteminfoCsv => "systeminfo-csv.csv",
            Layout::GetHotFixCsv => "get-hotfix.csv",
            Layout::Collector => "collector.json",
        }
    }

    /// The format id PatchDesk's importer detects for it.
    pub fn format_id(self) -> &'static str {
        match self {
            Layout::SysteminfoList | Layout::SysteminfoCsv => "systeminfo",
            Layout::GetHotFixCsv => "hotfix-list",
            Layout::Collector => "patchdesk-collector",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Layout::SysteminfoList => "systeminfo",
            Layout::SysteminfoCsv => "systeminfo /fo csv",
            Layout::GetHotFixCsv => "Get-HotFix CSV",
            Layout::Collector => "collector JSON",
        }
    }
}

/// How the file's text is stored, as the tool that wrote it stores it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TextEncoding {
    /// Plain ASCII (`cmd > file` on an en-US console, `Export-Csv`'s default), read as UTF-8.
    Ascii,
    /// UTF-8 without a byte-order mark (the collector).
    Utf8,
    /// UTF-16LE with a byte-order mark (a Windows PowerShell 5.1 redirect).
    Utf16Le,
    /// The Japanese console code page (`cmd > file`).
    Cp932,
    /// The Western European console code page (`cmd > file` in Germany).
    Cp850,
}

impl TextEncoding {
    /// The encoding name PatchDesk's decoder reports for such a file.
    pub fn detected_name(self) -> &'static str {
        match self {
            TextEncoding::Ascii | TextEncoding::Utf8 => "UTF-8",
            TextEncoding::Utf16Le => "UTF-16LE",
            TextEncoding::Cp932 => "Shift_JIS (CP932)",
            TextEncoding::Cp850 => "CP850",
        }
    }
}

/// One way a machine's inventory can reach the admin.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Variant {
    pub layout: Layout,
    pub locale: Locale,
    pub encoding: TextEncoding,
}

const fn variant(layout: Layout, locale: Locale, encoding: TextEncoding) -> Variant {
    Variant {
        layout,
        locale,
        encoding,
    }
}

/// Every variant the generator writes; each appears at least once when there are as many
/// machines as variants.
pub const VARIANTS: [Variant; 14] = [
    variant(
        Layout::SysteminfoList,
        Locale::Japanese,
        TextEncoding::Cp932,
    ),
    variant(
        Layout::SysteminfoList,
        Locale::Japanese,
        TextEncoding::Utf16Le,
    ),
    variant(Layout::SysteminfoList, Locale::English, TextEncoding::Ascii),
    variant(
        Layout::SysteminfoList,
        Locale::English,
        TextEncoding::Utf16Le,
    ),
    variant(Layout::SysteminfoList, Locale::German, TextEncoding::Cp850),
    variant(
        Layout::SysteminfoList,
        Locale::French,
        TextEncoding::Utf16Le,
    ),
    variant(Layout::SysteminfoCsv, Locale::English, TextEncoding::Ascii),
    variant(Layout::SysteminfoCsv, Locale::Japanese, TextEncoding::Cp932),
    variant(Layout::GetHotFixCsv, Locale::Japanese, TextEncoding::Ascii),
    variant(Layout::GetHotFixCsv, Locale::English, TextEncoding::Ascii),
    variant(Layout::GetHotFixCsv, Locale::German, TextEncoding::Ascii),
    variant(Layout::GetHotFixCsv, Locale::French, TextEncoding::Ascii),
    variant(Layout::Collector, Locale::Japanese, TextEncoding::Utf8),
    variant(Layout::Collector, Locale::English, TextEncoding::Utf8),
];

/// How often each of [`VARIANTS`] is drawn for a PC (per cent) and for a server: a Japanese
/// office, mostly collector files and `systeminfo`, a few machines set up in English, and a
/// handful of German and French ones (bought abroad or set up by a foreign colleague).
const CLIENT_WEIGHTS: [u32; 14] = [18, 10, 6, 2, 2, 2, 3, 5, 10, 4, 1, 1, 28, 8];
const SERVER_WEIGHTS: [u32; 14] = [20, 10, 25, 0, 0, 0, 10, 0, 10, 10, 0, 0, 10, 5];

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Department {
    /// 総務 General Affairs.
    Soumu,
    /// 営業 Sales.
    Eigyo,
    /// 経理 Accounting.
    Keiri,
    /// 開発 Development.
    Kaihatsu,
    Servers,
}

impl Department {
    fn prefix(self) -> &'static str {
        match self {
            Department::Soumu => "SOUMU",
            Department::Eigyo => "EIGYO",
            Department::Keiri => "KEIRI",
            Department::Kaihatsu => "KAIHATSU",
            Department::Servers => "SRV",
        }
    }

    /// The third octet of the department's subnet.
    fn subnet(self) -> u32 {
        match self {
            Department::Servers => 1,
            Department::Soumu => 10,
            Department::Eigyo => 20,
            Department::Keiri => 30,
            Department::Kaihatsu => 40,
        }
    }

    /// The registered owner a PC of this department was set up with.
    pub fn owner(self, locale: Locale) -> &'static str {
        match (self, locale) {
            (Department::Soumu, Locale::Japanese) => "総務部",
            (Department::Eigyo, Locale::Japanese) => "営業部",
            (Department::Keiri, Locale::Japanese) => "経理部",
            (Department::Kaihatsu, Locale::Japanese) => "開発部",
            (Department::Soumu, _) => "General Affairs",
            (Department::Eigyo, _) => "Sales",
            (Department::Keiri, _) => "Accounting",
            (Department::Kaihatsu, _) => "Development",
            (Department::Servers, Locale::Japanese) => "Windows ユーザー",
            (Department::Servers, Locale::English) => "Windows User",
            (Department::Servers, Locale::German) => "Windows-Benutzer",
            (Department::Servers, Locale::French) => "Utilisateur Windows",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ServerRole {
    DomainController,
    File,
    App,
    Sql,
    Print,
    Backup,
}

const SERVER_ROLES: [(ServerRole, &str); 6] = [
    (ServerRole::DomainController, "DC"),
    (ServerRole::File, "FILE"),
    (ServerRole::App, "APP"),
    (ServerRole::Sql, "SQL"),
    (ServerRole::Print, "PRINT"),
    (ServerRole::Backup, "BACKUP"),
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MachineKind {
    Desktop,
    Notebook,
    Server(ServerRole),
}

/// What systeminfo's OS Configuration says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OsConfiguration {
    MemberWorkstation,
    StandaloneWorkstation,
    MemberServer,
    PrimaryDomainController,
    BackupDomainController,
}

/// A machine model; the first `processor` line and the BIOS as systeminfo prints them.
pub struct Hardware {
    pub manufacturer: &'static str,
    pub model: &'static str,
    pub processor: &'static str,
    pub bios: &'static str,
    pub serial_prefix: &'static str,
    pub serial_length: usize,
    pub network_card: &'static str,
    pub wireless: bool,
    pub virtual_machine: bool,
    pub memory_gb: &'static [u32],
}

const DESKTOPS: &[Hardware] = &[
    Hardware {
        manufacturer: "FUJITSU",
        model: "ESPRIMO D588/BX",
        processor: "Intel64 Family 6 Model 158 Stepping 10 GenuineIntel ~3000 Mhz",
        bios: "FUJITSU // AMI Version 2.0.0.0 R1.16.0 for D3633-A1x",
        serial_prefix: "YLEP",
        serial_length: 10,
        network_card: "Intel(R) Ethernet Connection (7) I219-LM",
        wireless: false,
        virtual_machine: false,
        memory_gb: &[8, 16],
    },
    Hardware {
        manufacturer: "Dell Inc.",
        model: "OptiPlex 7090",
        processor: "Intel64 Family 6 Model 165 Stepping 5 GenuineIntel ~2904 Mhz",
        bios: "Dell Inc. 1.14.0",
        serial_prefix: "",
        serial_length: 7,
        network_card: "Intel(R) Ethernet Connection (14) I219-LM",
        wireless: false,
        virtual_machine: false,
        memory_gb: &[8, 16, 16, 32],
    },
    Hardware {
        manufacturer: "HP",
        model: "HP ProDesk 400 G7 Small Form Factor PC",
        processor: "Intel64 Family 6 Model 165 Stepping 3 GenuineIntel ~2904 Mhz",
        bios: "HP S25 Ver. 02.11.00",
        serial_prefix: "JPH",
        serial_length: 10,
        network_card: "Realtek PCIe GbE Family Controller",
        wireless: false,
        virtual_machine: false,
        memory_gb: &[8, 16],
    },
];

const NOTEBOOKS: &[Hardware] = &[
    Hardware {
        manufacturer: "FUJITSU",
        model: "LIFEBOOK U9311/F",
        processor: "Intel64 Family 6 Model 140 Stepping 1 GenuineIntel ~2419 Mhz",
        bios: "FUJITSU // Phoenix Technologies Ltd. Version 2.18",
        serial_prefix: "R1X",
        serial_length: 10,
        network_card: "Intel(R) Wi-Fi 6 AX201 160MHz",
        wireless: true,
        virtual_machine: false,
        memory_gb: &[8, 16],
    },
    Hardware {
        manufacturer: "Dell Inc.",
        model: "Latitude 5420",
        processor: "Intel64 Family 6 Model 140 Stepping 1 GenuineIntel ~2611 Mhz",
        bios: "Dell Inc. 1.23.0",
        serial_prefix: "",
        serial_length: 7,
        network_card: "Intel(R) Wi-Fi 6 AX201 160MHz",
        wireless: true,
        virtual_machine: false,
        memory_gb: &[8, 16, 16],
    },
    Hardware {
        manufacturer: "HP",
        model: "HP ProBook 450 G8 Notebook PC",
        processor: "Intel64 Family 6 Model 140 Stepping 1 GenuineIntel ~2419 Mhz",
        bios: "HP T74 Ver. 01.11.00",
        serial_prefix: "5CD",
        serial_length: 10,
        network_card: "Realtek RTL8852AE WiFi 6 802.11ax PCIe Adapter",
        wireless: true,
        virtual_machine: false,
        memory_gb: &[8, 16],
    },
    Hardware {
        manufacturer: "LENOVO",
        model: "20XWCTO1WW",
        processor: "Intel64 Family 6 Model 140 Stepping 1 GenuineIntel ~2995 Mhz",
        bios: "LENOVO N32ET80W (1.56 )",
        serial_prefix: "PF",
        serial_length: 8,
        network_card: "Intel(R) Wi-Fi 6 AX201 160MHz",
        wireless: true,
        virtual_machine: false,
        memory_gb: &[16, 16, 32],
    },
];

const SERVERS: &[Hardware] = &[
    Hardware {
        manufacturer: "Dell Inc.",
        model: "PowerEdge T150",
        processor: "Intel64 Family 6 Model 167 Stepping 1 GenuineIntel ~2800 Mhz",
        bios: "Dell Inc. 1.6.2",
        serial_prefix: "",
        serial_length: 7,
        network_card: "Broadcom NetXtreme Gigabit Ethernet",
        wireless: false,
        virtual_machine: false,
        memory_gb: &[16, 32],
    },
    Hardware {
        manufacturer: "VMware, Inc.",
        model: "VMware7,1",
        processor: "Intel64 Family 6 Model 85 Stepping 7 GenuineIntel ~2394 Mhz",
        bios: "VMware, Inc. VMW71.00V.18452719.B64.2108091906",
        serial_prefix: "VMware-56 4d ",
        serial_length: 24,
        network_card: "vmxnet3 Ethernet Adapter",
        wireless: false,
        virtual_machine: true,
        memory_gb: &[8, 16, 32],
    },
    Hardware {
        manufacturer: "Microsoft Corporation",
        model: "Virtual Machine",
        processor: "Intel64 Family 6 Model 85 Stepping 7 GenuineIntel ~2394 Mhz",
        bios: "Microsoft Corporation Hyper-V UEFI Release v4.1",
        serial_prefix: "0000-0013-",
        serial_length: 22,
        network_card: "Microsoft Hyper-V Network Adapter",
        wireless: false,
        virtual_machine: true,
        memory_gb: &[8, 16, 32],
    },
];

/// One installed update and why it is there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DemoUpdate {
    pub kb: &'static str,
    pub kind: UpdateKind,
    /// Index into [`MONTHS`] of the release it belongs to.
    pub month: usize,
    pub installed_on: NaiveDate,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UpdateKind {
    Cumulative,
    DotNet,
    /// The Malicious Software Removal Tool: in the update history, never in `Get-HotFix`.
    Msrt,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DemoProgram {
    pub name: &'static str,
    pub version: Option<&'static str>,
    pub publisher: &'static str,
}

/// One machine of the demo office, with everything any of the formats prints about it.
pub struct DemoMachine {
    pub hostname: String,
    pub kind: MachineKind,
    pub variant: Variant,
    pub product: Product,
    pub edition: Edition,
    /// Index into [`MONTHS`] of the last cumulative update installed.
    pub month: usize,
    /// Oldest first, as `Get-HotFix` lists them.
    pub updates: Vec<DemoUpdate>,
    pub os_configuration: OsConfiguration,
    pub in_domain: bool,
    pub registered_owner: &'static str,
    pub product_id: String,
    pub hardware: &'static Hardware,
    pub serial_number: String,
    pub smbios_uuid: String,
    pub bios_date: NaiveDate,
    /// Local (Japan) times.
    pub installed_at: NaiveDateTime,
    pub booted_at: NaiveDateTime,
    pub collected_at: NaiveDateTime,
    pub memory_total_mb: u32,
    pub memory_available_mb: u32,
    pub virtual_max_mb: u32,
    pub virtual_in_use_mb: u32,
    pub ipv4: String,
    pub ipv6_link_local: String,
    pub programs: Vec<DemoProgram>,
    pub system_drive_free_bytes: u64,
    pub pending_reboot_reasons: Vec<&'static str>,
    pub update_service_status: &'static str,
    pub update_service_start: &'static str,
    /// Sub-second part of the collection time, in 100 ns ticks (PowerShell's `o` format).
    pub collected_ticks: u32,
}

impl DemoMachine {
    pub fn locale(&self) -> Locale {
        self.variant.locale
    }

    pub fn is_server(&self) -> bool {
        matches!(self.kind, MachineKind::Server(_))
    }

    /// `10.0.19045.2486` (with the revision when it is known).
    pub fn revision(&self) -> Option<u32> {
        self.product.info().cumulative[self.month].revision
    }

    /// The OS name systeminfo and WMI print; French puts a no-break space after "Windows".
    pub fn os_name(&self) -> String {
        let french = self.locale() == Locale::French;
        let family = self.product.info().family;
        let edition = self.edition.name(french);
        if french {
            format!(
                "Microsoft {} {edition}",
                family.replacen("Windows ", "Windows\u{a0}", 1)
            )
        } else {
            format!("Microsoft {family} {edition}")
        }
    }

    /// The registry's `ProductName`: still "Windows 10" on Windows 11.
    pub fn registry_product_name(&self) -> String {
        let family = match self.product {
            Product::Windows11_22H2 => "Windows 10",
            _ => self.product.info().family,
        };
        format!("{family} {}", self.edition.name(false))
    }

    /// The updates `Get-HotFix` and systeminfo list (the update tool is not among them).
    pub fn hotfixes(&self) -> impl Iterator<Item = &DemoUpdate> {
        self.updates
            .iter()
            .filter(|update| update.kind != UpdateKind::Msrt)
    }

    pub fn domain_name(&self) -> &'static str {
        if self.in_domain {
            "sakura.local"
        } else {
            "WORKGROUP"
        }
    }

    pub fn logon_server(&self) -> String {
        if self.in_domain {
            "\\\\SRV-DC01".to_owned()
        } else {
            format!("\\\\{}", self.hostname)
        }
    }
}

/// A machine's name, kind and file variant, decided for the whole office first.
pub struct Planned {
    pub hostname: String,
    pub department: Department,
    pub kind: MachineKind,
    pub variant: Variant,
    /// Position of the machine in its department (for its address).
    pub department_index: u32,
}

/// Names every machine and picks its file variant: one server for about 25 PCs, every
/// variant at least once when there are enough machines.
pub fn plan(machines: usize, rng: &mut Rng) -> Vec<Planned> {
    let servers = if machines >= 13 {
        (machines + 12) / 25
    } else {
        0
    };
    let mut is_server: Vec<bool> = (0..machines).map(|index| index < servers).collect();
    // Servers first would name them first; shuffle so that the files interleave.
    for index in (1..is_server.len()).rev() {
        let other = rng.below(index as u64 + 1) as usize;
        is_server.swap(index, other);
    }

    let mut counters: std::collections::HashMap<(Department, bool), u32> = Default::default();
    let mut department_counters: std::collections::HashMap<Department, u32> = Default::default();
    let mut server_count = 0usize;
    let mut planned = Vec::with_capacity(machines);
    for server in is_server {
        let (department, kind, hostname) = if server {
            let (role, name) = SERVER_ROLES[server_count % SERVER_ROLES.len()];
            let number = server_count / SERVER_ROLES.len() + 1;
            server_count += 1;
            (
                Department::Servers,
                MachineKind::Server(role),
                format!("SRV-{name}{number:02}"),
            )
        } else {
            let department = rng.weighted(&[
                (Department::Soumu, 20),
                (Department::Eigyo, 35),
                (Department::Keiri, 15),
                (Department::Kaihatsu, 30),
            ]);
            let notebook_percent = match department {
                Department::Eigyo => 75,
                Department::Kaihatsu => 50,
                _ => 25,
            };
            let notebook = rng.percent(notebook_percent);
            let counter = counters.entry((department, notebook)).or_insert(0);
            *counter += 1;
            let (kind, tag) = if notebook {
                (MachineKind::Notebook, "NB")
            } else {
                (MachineKind::Desktop, "PC")
            };
            let hostname = format!("{}-{tag}{:02}", department.prefix(), *counter);
            (department, kind, hostname)
        };
        let weights = if server {
            &SERVER_WEIGHTS
        } else {
            &CLIENT_WEIGHTS
        };
        let choices: Vec<(Variant, u32)> = VARIANTS
            .iter()
            .copied()
            .zip(weights.iter().copied())
            .collect();
        let variant = rng.weighted(&choices);
        let department_index = department_counters.entry(department).or_insert(0);
        planned.push(Planned {
            hostname,
            department,
            kind,
            variant,
            department_index: *department_index,
        });
        *department_index += 1;
    }
    cover_every_variant(&mut planned, rng);
    planned
}

/// Gives each variant nobody drew to a machine whose variant others share, so that a demo
/// (and the tests) always shows every format and encoding.
fn cover_every_variant(planned: &mut [Planned], rng: &mut Rng) {
    if planned.len() < VARIANTS.len() {
        return;
    }
    for variant in VARIANTS {
        let count = |planned: &[Planned], wanted: Variant| {
            planned.iter().filter(|p| p.variant == wanted).count()
        };
        if count(planned, variant) > 0 {
            continue;
        }
        // Prefer a PC: server weights leave some variants out on purpose.
        let candidates: Vec<usize> = (0..planned.len())
            .filter(|&index| {
                !matches!(planned[index].kind, MachineKind::Server(_))
                    && count(planned, planned[index].variant) > 1
            })
            .collect();
        let fallback: Vec<usize> = (0..planned.len())
            .filter(|&index| count(planned, planned[index].variant) > 1)
            .collect();
        let pool = if candidates.is_empty() {
            &fallback
        } else {
            &candidates
        };
        if let Some(&index) = rng.pick(pool) {
            planned[index].variant = variant;
        }
    }
}

/// Fills in one planned machine. `rng` is the machine's own, so a machine does not change
/// when others are added.
pub fn build_machine(planned: Planned, rng: &mut Rng, first_dc: bool) -> DemoMachine {
    let Planned {
        hostname,
        department,
        kind,
        variant,
        department_index,
    } = planned;
    let is_server = matches!(kind, MachineKind::Server(_));

    let (product, edition) = if is_server {
        let product = rng.weighted(&[(Product::Server2019, 55), (Product::Server2022, 45)]);
        let edition = rng.weighted(&[(Edition::Standard, 85), (Edition::Datacenter, 15)]);
        (product, edition)
    } else {
        let product = rng.weighted(&[(Product::Windows10_22H2, 70), (Product::Windows11_22H2, 30)]);
        let edition = rng.weighted(&[(Edition::Pro, 78), (Edition::Enterprise, 22)]);
        (product, edition)
    };

    // One or two months behind for most, current for a few, October for a few.
    let mut month = rng.weighted(&[(3, 15), (2, 45), (1, 28), (0, 12)]);
    if variant.layout == Layout::Collector && product.info().cumulative[month].revision.is_none() {
        // The collector always knows the revision; only write revisions known for certain.
        month = 1;
    }

    let hardware_pool = match kind {
        MachineKind::Desktop => DESKTOPS,
        MachineKind::Notebook => NOTEBOOKS,
        MachineKind::Server(_) => SERVERS,
    };
    let hardware = rng.pick(hardware_pool).unwrap_or(&DESKTOPS[0]);

    let collected_at = date(2023, 2, 1 + rng.range(0, 9)).and_time(time(
        rng.range(9, 17),
        rng.range(0, 59),
        rng.range(0, 59),
    ));
    let updates = updates(product, month, is_server, rng);
    let last_cumulative = updates
        .iter()
        .rev()
        .find(|update| update.kind == UpdateKind::Cumulative)
        .map_or(collected_at.date(), |update| update.installed_on);
    let booted_at = if is_server {
        // Restarted the evening the last update was installed.
        last_cumulative.and_time(time(rng.range(21, 23), rng.range(0, 59), rng.range(0, 59)))
    } else {
        // Switched on in the morning, today or a few days ago (weeks ago if never updated).
        let days_ago = if month == 0 {
            rng.range(5, 40)
        } else {
            rng.range(0, 3)
        };
        (collected_at.date() - Duration::days(i64::from(days_ago))).and_time(time(
            rng.range(7, 8),
            rng.range(0, 59),
            rng.range(0, 59),
        ))
    };

    let in_domain = !(kind == MachineKind::Notebook && rng.percent(4));
    let os_configuration = match kind {
        MachineKind::Server(ServerRole::DomainController) if first_dc => {
            OsConfiguration::PrimaryDomainController
        }
        MachineKind::Server(ServerRole::DomainController) => {
            OsConfiguration::BackupDomainController
        }
        MachineKind::Server(_) => OsConfiguration::MemberServer,
        _ if in_domain => OsConfiguration::MemberWorkstation,
        _ => OsConfiguration::StandaloneWorkstation,
    };

    let memory_gb = *rng.pick(hardware.memory_gb).unwrap_or(&8);
    let memory_total_mb = memory_gb * 1024 - rng.range(90, 240);
    let memory_available_mb = memory_total_mb * rng.range(22, 70) / 100;
    let virtual_max_mb = memory_total_mb + rng.range(1800, 4600);
    let virtual_in_use_mb =
        (memory_total_mb - memory_available_mb + rng.range(600, 3000)).min(virtual_max_mb - 200);

    let subnet = department.subnet() + department_index / 240;
    let ipv4 = format!("192.168.{subnet}.{}", 10 + department_index % 240);
    let ipv6_link_local = format!(
        "fe80::{:x}:{:x}:{:x}:{:x}",
        rng.range(1, 0xffff),
        rng.range(1, 0xffff),
        rng.range(1, 0xffff),
        rng.range(1, 0xffff)
    );

    let stale = month == 0;
    let (update_service_status, update_service_start) = if stale && rng.percent(35) {
        ("Stopped", "Disabled")
    } else if rng.percent(30) {
        ("Stopped", "Manual")
    } else {
        ("Running", "Manual")
    };
    let pending_reboot_reasons = if rng.percent(12) {
        vec!["ComponentBasedServicing", "WindowsUpdate"]
    } else if rng.percent(5) {
        vec!["PendingFileRenameOperations"]
    } else {
        Vec::new()
    };
    let system_drive_free_bytes = if rng.percent(5) {
        u64::from(rng.range(900, 7_000)) * 1024 * 1024
    } else {
        u64::from(rng.range(18_000, 190_000)) * 1024 * 1024 + u64::from(rng.range(0, 1 << 20))
    };

    DemoMachine {
        registered_owner: department.owner(variant.locale),
        product_id: format!(
            "{}-AA{:03}",
            edition.product_id_prefix(product),
            rng.range(0, 999)
        ),
        serial_number: serial(hardware, rng),
        smbios_uuid: uuid(rng),
        bios_date: date(2020 + rng.range(0, 2), rng.range(1, 12), rng.range(13, 28)),
        installed_at: install_date(product, rng),
        programs: programs(department, kind, variant.locale, rng),
        collected_ticks: rng.range(0, 9_999_999),
        hostname,
        kind,
        variant,
        product,
        edition,
        month,
        updates,
        os_configuration,
        in_domain,
        hardware,
        booted_at,
        collected_at,
        memory_total_mb,
        memory_available_mb,
        virtual_max_mb,
        virtual_in_use_mb,
        ipv4,
        ipv6_link_local,
        system_drive_free_bytes,
        pending_reboot_reasons,
        update_service_status,
        update_service_start,
    }
}

/// The month's cumulative update (sometimes the one before it is still listed), the latest
/// .NET update released by then, and the removal tool, installed in the days after each
/// Patch Tuesday (servers at the weekend after).
fn updates(product: Product, month: usize, is_server: bool, rng: &mut Rng) -> Vec<DemoUpdate> {
    let info = product.info();
    let mut installed_on: [Option<NaiveDate>; 4] = [None; 4];
    let mut day_of = |month: usize, rng: &mut Rng| {
        *installed_on[month].get_or_insert_with(|| {
            let delay = if is_server {
                rng.range(3, 12)
            } else {
                rng.range(0, 9)
            };
            MONTHS[month].patch_tuesday() + Duration::days(i64::from(delay))
        })
    };
    let mut updates = Vec::new();
    if month > 0 && rng.percent(25) {
        let previous = month - 1;
        updates.push(DemoUpdate {
            kb: info.cumulative[previous].kb,
            kind: UpdateKind::Cumulative,
            month: previous,
            installed_on: day_of(previous, rng),
        });
    }
    if let Some((dotnet_month, kb)) = (0..=month)
        .rev()
        .find_map(|m| info.dotnet[m].map(|kb| (m, kb)))
    {
        updates.push(DemoUpdate {
            kb,
            kind: UpdateKind::DotNet,
            month: dotnet_month,
            installed_on: day_of(dotnet_month, rng),
        });
    }
    updates.push(DemoUpdate {
        kb: info.cumulative[month].kb,
        kind: UpdateKind::Cumulative,
        month,
        installed_on: day_of(month, rng),
    });
    updates.push(DemoUpdate {
        kb: MSRT_KB,
        kind: UpdateKind::Msrt,
        month,
        installed_on: day_of(month, rng),
    });
    updates.sort_by_key(|update| update.installed_on);
    debug_assert!(month <= CURRENT_MONTH);
    updates
}

/// When Windows was installed: day 13 or later, so that an en-US date (`10/23/2021`) shows
/// which number is the month.
fn install_date(product: Product, rng: &mut Rng) -> NaiveDateTime {
    let day = match product {
        Product::Windows10_22H2 => {
            let year = 2020 + rng.range(0, 2);
            let last_month = if year == 2022 { 9 } else { 12 };
            date(year, rng.range(1, last_month), rng.range(13, 28))
        }
        // Windows 11 22H2 came as a feature update (September 20, 2022), which resets it.
        Product::Windows11_22H2 => date(2022, 9, rng.range(21, 28)),
        Product::Server2019 => date(2019 + rng.range(0, 2), rng.range(1, 12), rng.range(13, 28)),
        Product::Server2022 => date(2022, rng.range(1, 9), rng.range(13, 28)),
    };
    day.and_time(time(rng.range(9, 18), rng.range(0, 59), rng.range(0, 59)))
}

fn serial(hardware: &Hardware, rng: &mut Rng) -> String {
    const ALPHANUMERIC: &[u8] = b"0123456789ABCDEFGHJKLMNPQRSTUVWXYZ";
    const HEX: &[u8] = b"0123456789abcdef";
    let mut serial = hardware.serial_prefix.to_owned();
    while serial.len() < hardware.serial_length {
        let alphabet = if hardware.virtual_machine {
            HEX
        } else {
            ALPHANUMERIC
        };
        let byte = *rng.pick(alphabet).unwrap_or(&b'0');
        serial.push(char::from(byte));
    }
    serial
}

fn uuid(rng: &mut Rng) -> String {
    let high = rng.next_u64();
    let low = rng.next_u64();
    format!(
        "{:08X}-{:04X}-{:04X}-{:04X}-{:012X}",
        high >> 32,
        (high >> 16) & 0xffff,
        high & 0xffff,
        low >> 48,
        low & 0xffff_ffff_ffff
    )
}

const MICROSOFT: &str = "Microsoft Corporation";

/// Apps & features of a PC in January 2023: current or one release old.
fn programs(
    department: Department,
    kind: MachineKind,
    locale: Locale,
    rng: &mut Rng,
) -> Vec<DemoProgram> {
    let mut programs = Vec::new();
    let mut add = |name, version, publisher| {
        programs.push(DemoProgram {
            name,
            version,
            publisher,
        })
    };
    let is_server = matches!(kind, MachineKind::Server(_));
    if !is_server {
        let office = if locale == Locale::Japanese {
            "Microsoft 365 Apps for enterprise - ja-jp"
        } else {
            "Microsoft 365 Apps for enterprise - en-us"
        };
        let office_version = *rng
            .pick(&["16.0.15928.20216", "16.0.15831.20208"])
            .unwrap_or(&"16.0.15928.20216");
        add(office, Some(office_version), MICROSOFT);
    }
    let edge = *rng
        .pick(&["109.0.1518.70", "109.0.1518.70", "108.0.1462.76"])
        .unwrap_or(&"109.0.1518.70");
    add("Microsoft Edge", Some(edge), MICROSOFT);
    if !is_server && rng.percent(60) {
        let chrome = *rng
            .pick(&["109.0.5414.120", "108.0.5359.125"])
            .unwrap_or(&"109.0.5414.120");
        add("Google Chrome", Some(chrome), "Google LLC");
    }
    if !is_server && rng.percent(70) {
        let acrobat = *rng
            .pick(&["22.003.20310", "22.003.20282"])
            .unwrap_or(&"22.003.20310");
        add("Adobe Acrobat (64-bit)", Some(acrobat), "Adobe");
    }
    if rng.percent(50) {
        add("7-Zip 22.01 (x64)", Some("22.01"), "Igor Pavlov");
    }
    if rng.percent(80) {
        add(
            "Microsoft Visual C++ 2015-2022 Redistributable (x64) - 14.34.31938",
            Some("14.34.31938.0"),
            MICROSOFT,
        );
    }
    if locale == Locale::Japanese && !is_server && rng.percent(30) {
        add("Lhaplus", Some("1.74"), "Schezo");
    }
    match kind {
        MachineKind::Server(ServerRole::Sql) => {
            add("Microsoft SQL Server 2019 (64-bit)", None, MICROSOFT)
        }
        MachineKind::Server(_) => {}
        _ => match department {
            Department::Keiri if locale == Locale::Japanese => {
                add("弥生会計 23", None, "弥生株式会社")
            }
            Department::Kaihatsu => {
                add("Git", Some("2.39.1"), "The Git Development Community");
                if rng.percent(60) {
                    add(
                        "Python 3.11.1 (64-bit)",
                        Some("3.11.1150.0"),
                        "Python Software Foundation",
                    );
                }
            }
            _ => {}
        },
    }
    programs
}

fn date(year: u32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year as i32, month, day).unwrap_or_default()
}

fn time(hour: u32, minute: u32, second: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(hour, minute, second).unwrap_or_default()
}
