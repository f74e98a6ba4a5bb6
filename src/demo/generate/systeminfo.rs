//! `systeminfo` as Windows prints it in Japanese, English, German and French: the list
//! layout (labels padded to one value column, counted in console cells) and `/fo csv`.
//!
//! Labels are those of `crate::inventory::systeminfo`'s tables, in Windows' fixed order.

use chrono::{NaiveDate, NaiveDateTime, Timelike};

use super::catalog::Product;
use super::office::{DemoMachine, Locale, OsConfiguration};

/// The 33 labels in Windows' order (Host Name … Hyper-V Requirements).
type Labels = [&'static str; 33];

const ENGLISH_LABELS: Labels = [
    "Host Name",
    "OS Name",
    "OS Version",
    "OS Manufacturer",
    "OS Configuration",
    "OS Build Type",
    "Registered Owner",
    "Registered Organization",
    "Product ID",
    "Original Install Date",
    "System Boot Time",
    "System Manufacturer",
    "System Model",
    "System Type",
    "Processor(s)",
    "BIOS Version",
    "Windows Directory",
    "System Directory",
    "Boot Device",
    "System Locale",
    "Input Locale",
    "Time Zone",
    "Total Physical Memory",
    "Available Physical Memory",
    "Virtual Memory: Max Size",
    "Virtual Memory: Available",
    "Virtual Memory: In Use",
    "Page File Location(s)",
    "Domain",
    "Logon Server",
    "Hotfix(s)",
    "Network Card(s)",
    "Hyper-V Requirements",
];

const JAPANESE_LABELS: Labels = [
    "ホスト名",
    "OS 名",
    "OS バージョン",
    "OS 製造元",
    "OS 構成",
    "OS ビルドの種類",
    "登録されている所有者",
    "登録されている組織",
    "プロダクト ID",
    "最初のインストール日付",
    "システム起動時間",
    "システム製造元",
    "システム モデル",
    "システムの種類",
    "プロセッサ",
    "BIOS バージョン",
    "Windows ディレクトリ",
    "システム ディレクトリ",
    "起動デバイス",
    "システム ロケール",
    "入力ロケール",
    "タイム ゾーン",
    "物理メモリの合計",
    "利用できる物理メモリ",
    "仮想メモリ: 最大サイズ",
    "仮想メモリ: 利用可能",
    "仮想メモリ: 使用中",
    "ページ ファイルの場所",
    "ドメイン",
    "ログオン サーバー",
    "ホットフィックス",
    "ネットワーク カード",
    "Hyper-V の要件",
];

const GERMAN_LABELS: Labels = [
    "Hostname",
    "Betriebssystemname",
    "Betriebssystemversion",
    "Betriebssystemhersteller",
    "Betriebssystemkonfiguration",
    "Betriebssystem-Buildtyp",
    "Registrierter Benutzer",
    "Registrierte Organisation",
    "Produkt-ID",
    "Ursprüngliches Installationsdatum",
    "Systemstartzeit",
    "Systemhersteller",
    "Systemmodell",
    "Systemtyp",
    "Prozessor(en)",
    "BIOS-Version",
    "Windows-Verzeichnis",
    "System-Verzeichnis",
    "Startgerät",
    "Systemgebietsschema",
    "Eingabegebietsschema",
    "Zeitzone",
    "Gesamter physischer Speicher",
    "Verfügbarer physischer Speicher",
    "Virtueller Arbeitsspeicher: Maximale Größe",
    "Virtueller Arbeitsspeicher: Verfügbar",
    "Virtueller Arbeitsspeicher: Zurzeit verwendet",
    "Auslagerungsdateipfad(e)",
    "Domäne",
    "Anmeldeserver",
    "Hotfix(es)",
    "Netzwerkkarte(n)",
    "Hyper-V-Anforderungen",
];

/// French output puts a no-break space before the colon inside a label.
const FRENCH_LABELS: Labels = [
    "Nom de l'hôte",
    "Nom du système d'exploitation",
    "Version du système",
    "Fabricant du système d'exploitation",
    "Configuration du système d'exploitation",
    "Type de version du système d'exploitation",
    "Propriétaire enregistré",
    "Organisation enregistrée",
    "Identificateur de produit",
    "Date d'installation originale",
    "Heure de démarrage du système",
    "Fabricant du système",
    "Modèle du système",
    "Type du système",
    "Processeur(s)",
    "Version du BIOS",
    "Répertoire Windows",
    "Répertoire système",
    "Périphérique d'amorçage",
    "Option régionale du système",
    "Paramètres régionaux d'entrée",
    "Fuseau horaire",
    "Mémoire physique totale",
    "Mémoire physique disponible",
    "Mémoire virtuelle\u{a0}: taille maximale",
    "Mémoire virtuelle\u{a0}: disponible",
    "Mémoire virtuelle\u{a0}: en cours d'utilisation",
    "Emplacements des fichiers d'échange",
    "Domaine",
    "Serveur d'ouverture de session",
    "Correctif(s)",
    "Carte(s) réseau",
    "Configuration requise pour Hyper-V",
];

/// Everything besides labels that systeminfo words differently in each language.
struct Words {
    labels: &'static Labels,
    /// `10.0.19045 N/A Build 19045`.
    os_version: fn(u32) -> String,
    configuration: fn(OsConfiguration) -> &'static str,
    organization: &'static str,
    processors: &'static str,
    /// Between `[01]` and the processor: French writes `[01] : …`.
    processor_item: &'static str,
    hotfixes: fn(usize) -> String,
    network_cards: &'static str,
    /// Where the values of a network card's own lines start.
    card_column: usize,
    connection_name: &'static str,
    ethernet: &'static str,
    dhcp_enabled: &'static str,
    dhcp_server: &'static str,
    ip_addresses: &'static str,
    yes: &'static str,
    no: &'static str,
    hypervisor_detected: &'static str,
    hyper_v: [&'static str; 4],
    locale: &'static str,
    time_zone: &'static str,
    memory: fn(u32) -> String,
    date: fn(NaiveDate) -> String,
    time: fn(NaiveDateTime) -> String,
}

const ENGLISH: Words = Words {
    labels: &ENGLISH_LABELS,
    os_version: |build| format!("10.0.{build} N/A Build {build}"),
    configuration: |configuration| match configuration {
        OsConfiguration::MemberWorkstation => "Member Workstation",
        OsConfiguration::StandaloneWorkstation => "Standalone Workstation",
        OsConfiguration::MemberServer => "Member Server",
        OsConfiguration::PrimaryDomainController => "Primary Domain Controller",
        OsConfiguration::BackupDomainController => "Backup Domain Controller",
    },
    organization: "Sakura Co., Ltd.",
    processors: "1 Processor(s) Installed.",
    processor_item: ":",
    hotfixes: |count| format!("{count} Hotfix(s) Installed."),
    network_cards: "1 NIC(s) Installed.",
    card_column: 17,
    connection_name: "Connection Name:",
    ethernet: "Ethernet",
    dhcp_enabled: "DHCP Enabled:",
    dhcp_server: "DHCP Server:",
    ip_addresses: "IP address(es)",
    yes: "Yes",
    no: "No",
    hypervisor_detected: "A hypervisor has been detected. Features required for Hyper-V will not be displayed.",
    hyper_v: [
        "VM Monitor Mode Extensions:",
        "Virtualization Enabled In Firmware:",
        "Second Level Address Translation:",
        "Data Execution Prevention Available:",
    ],
    locale: "en-us;English (United States)",
    time_zone: "(UTC+09:00) Osaka, Sapporo, Tokyo",
    memory: |mb| format!("{} MB", grouped(mb, ",")),
    date: |date| date.format("%-m/%-d/%Y").to_string(),
    time: |time| {
        let (afternoon, hour) = time.hour12();
        format!(
            "{hour}:{:02}:{:02} {}",
            time.minute(),
            time.second(),
            if afternoon { "PM" } else { "AM" }
        )
    },
};

const JAPANESE: Words = Words {
    labels: &JAPANESE_LABELS,
    os_version: |build| format!("10.0.{build} N/A ビルド {build}"),
    configuration: |configuration| match configuration {
        OsConfiguration::MemberWorkstation => "メンバー ワークステーション",
        OsConfiguration::StandaloneWorkstation => "スタンドアロン ワークステーション",
        OsConfiguration::MemberServer => "メンバー サーバー",
        OsConfiguration::PrimaryDomainController => "プライマリ ドメイン コントローラー",
        OsConfiguration::BackupDomainController => "バックアップ ドメイン コントローラー",
    },
    organization: "株式会社さくら",
    processors: "1 プロセッサインストール済みです。",
    processor_item: ":",
    hotfixes: |count| format!("{count} ホットフィックスがインストールされています。"),
    network_cards: "1 NIC(s) インストール済みです。",
    card_column: 18,
    connection_name: "接続名:",
    ethernet: "イーサネット",
    dhcp_enabled: "DHCP が有効:",
    dhcp_server: "DHCP サーバー:",
    ip_addresses: "IP アドレス",
    yes: "はい",
    no: "いいえ",
    hypervisor_detected: "ハイパーバイザーが検出されました。Hyper-V に必要な機能は表示されません。",
    hyper_v: [
        "VM モニター モード拡張機能:",
        "ファームウェアで仮想化が有効になっています:",
        "第 2 レベルのアドレス変換:",
        "データ実行防止が使用できます:",
    ],
    locale: "ja;日本語",
    time_zone: "(UTC+09:00) 大阪、札幌、東京",
    memory: |mb| format!("{} MB", grouped(mb, ",")),
    date: |date| date.format("%Y/%m/%d").to_string(),
    time: |time| time.format("%-H:%M:%S").to_string(),
};

const GERMAN: Words = Words {
    labels: &GERMAN_LABELS,
    os_version: |build| format!("10.0.{build} Nicht zutreffend Build {build}"),
    configuration: |configuration| match configuration {
        OsConfiguration::MemberWorkstation => "Mitgliedsarbeitsstation",
        OsConfiguration::StandaloneWorkstation => "Eigenständige Arbeitsstation",
        OsConfiguration::MemberServer => "Mitgliedsserver",
        OsConfiguration::PrimaryDomainController => "Primärer Domänencontroller",
        OsConfiguration::BackupDomainController => "Sicherungsdomänencontroller",
    },
    organization: "Sakura Co., Ltd.",
    processors: "1 Prozessor(en) installiert.",
    processor_item: ":",
    hotfixes: |count| format!("{count} Hotfix(e) installiert."),
    network_cards: "1 Netzwerkadapter installiert.",
    card_column: 17,
    connection_name: "Verbindungsname:",
    ethernet: "Ethernet",
    dhcp_enabled: "DHCP aktiviert:",
    dhcp_server: "DHCP-Server:",
    ip_addresses: "IP-Adresse(n)",
    yes: "Ja",
    no: "Nein",
    hypervisor_detected: "Es wurde ein Hypervisor erkannt. Features, die für Hyper-V erforderlich sind, werden nicht angezeigt.",
    hyper_v: [
        "VM-Überwachungsmoduserweiterungen:",
        "In Firmware aktivierte Virtualisierung:",
        "Adressübersetzung der zweiten Ebene:",
        "Datenausführungsverhinderung verfügbar:",
    ],
    locale: "de;Deutsch (Deutschland)",
    time_zone: "(UTC+09:00) Osaka, Sapporo, Tokio",
    memory: |mb| format!("{} MB", grouped(mb, ".")),
    date: |date| date.format("%d.%m.%Y").to_string(),
    time: |time| time.format("%H:%M:%S").to_string(),
};

const FRENCH: Words = Words {
    labels: &FRENCH_LABELS,
    os_version: |build| format!("10.0.{build} N/A version {build}"),
    configuration: |configuration| match configuration {
        OsConfiguration::MemberWorkstation => "Station de travail membre",
        OsConfiguration::StandaloneWorkstation => "Station de travail autonome",
        OsConfiguration::MemberServer => "Serveur membre",
        OsConfiguration::PrimaryDomainController => "Contrôleur de domaine principal",
        OsConfiguration::BackupDomainController => "Contrôleur de domaine de sauvegarde",
    },
    organization: "Sakura Co., Ltd.",
    processors: "1 processeur(s) installé(s).",
    processor_item: "\u{a0}:",
    hotfixes: |count| format!("{count} Corrections installées."),
    network_cards: "1 carte(s) réseau installée(s).",
    card_column: 22,
    connection_name: "Nom de la connexion\u{a0}:",
    ethernet: "Ethernet",
    dhcp_enabled: "DHCP activé\u{a0}:",
    dhcp_server: "Serveur DHCP\u{a0}:",
    ip_addresses: "Adresse(s) IP",
    yes: "Oui",
    no: "Non",
    hypervisor_detected: "Un hyperviseur a été détecté. Les fonctionnalités nécessaires à Hyper-V ne seront pas affichées.",
    hyper_v: [
        "Extensions du mode de surveillance d'ordinateur virtuel\u{a0}:",
        "Virtualisation activée dans le microprogramme\u{a0}:",
        "Traduction d'adresse de second niveau\u{a0}:",
        "Prévention de l'exécution des données disponible\u{a0}:",
    ],
    locale: "fr;Français (France)",
    time_zone: "(UTC+09:00) Osaka, Sapporo, Tokyo",
    memory: |mb| format!("{} Mo", grouped(mb, "\u{a0}")),
    date: |date| date.format("%d/%m/%Y").to_string(),
    time: |time| time.format("%H:%M:%S").to_string(),
};

fn words(locale: Locale) -> &'static Words {
    match locale {
        Locale::Japanese => &JAPANESE,
        Locale::English => &ENGLISH,
        Locale::German => &GERMAN,
        Locale::French => &FRENCH,
    }
}

/// `16218` → `16,218` (with the locale's separator).
fn grouped(number: u32, separator: &str) -> String {
    if number < 1000 {
        number.to_string()
    } else {
        format!("{}{separator}{:03}", number / 1000, number % 1000)
    }
}

/// One field: its value and the lines that continue it, with their extra indentation.
struct Field {
    value: String,
    more: Vec<(usize, String)>,
}

fn field(value: impl Into<String>) -> Field {
    Field {
        value: value.into(),
        more: Vec::new(),
    }
}

/// The 33 fields of one machine, in label order.
fn fields(machine: &DemoMachine) -> Vec<Field> {
    let words = words(machine.locale());
    let info = machine.product.info();
    let hardware = machine.hardware;
    let date_time =
        |time: NaiveDateTime| format!("{}, {}", (words.date)(time.date()), (words.time)(time));
    let hotfixes: Vec<&str> = machine.hotfixes().map(|update| update.kb).collect();

    let mut processors = field(words.processors);
    processors.more.push((
        0,
        format!("[01]{} {}", words.processor_item, hardware.processor),
    ));

    let mut hotfix_field = field((words.hotfixes)(hotfixes.len()));
    for (index, kb) in hotfixes.iter().enumerate() {
        hotfix_field
            .more
            .push((0, format!("[{:02}]: {kb}", index + 1)));
    }

    let mut network = field(words.network_cards);
    network
        .more
        .push((0, format!("[01]: {}", hardware.network_card)));
    let connection = if hardware.wireless {
        "Wi-Fi"
    } else {
        words.ethernet
    };
    let dhcp = !machine.is_server();
    let card_line = |label: &str, value: &str| {
        let padding = words
            .card_column
            .saturating_sub(display_width(label))
            .max(1);
        format!("{label}{}{value}", " ".repeat(padding))
    };
    network
        .more
        .push((6, card_line(words.connection_name, connection)));
    network.more.push((
        6,
        card_line(words.dhcp_enabled, if dhcp { words.yes } else { words.no }),
    ));
    if dhcp {
        network
            .more
            .push((6, card_line(words.dhcp_server, "192.168.1.10")));
    }
    network.more.push((6, words.ip_addresses.to_owned()));
    network.more.push((6, format!("[01]: {}", machine.ipv4)));
    network
        .more
        .push((6, format!("[02]: {}", machine.ipv6_link_local)));

    // Windows 11 turns virtualization-based security on, which runs the hypervisor.
    let hypervisor = hardware.virtual_machine || machine.product == Product::Windows11_22H2;
    let hyper_v = if hypervisor {
        field(words.hypervisor_detected)
    } else {
        let [first, rest @ ..] = words.hyper_v;
        Field {
            value: format!("{first} {}", words.yes),
            more: rest
                .iter()
                .map(|line| (0, format!("{line} {}", words.yes)))
                .collect(),
        }
    };

    let available_virtual = machine.virtual_max_mb - machine.virtual_in_use_mb;
    vec![
        field(machine.hostname.clone()),
        field(machine.os_name()),
        field((words.os_version)(info.build)),
        field("Microsoft Corporation"),
        field((words.configuration)(machine.os_configuration)),
        field("Multiprocessor Free"),
        field(machine.registered_owner),
        field(words.organization),
        field(machine.product_id.clone()),
        field(date_time(machine.installed_at)),
        field(date_time(machine.booted_at)),
        field(hardware.manufacturer),
        field(hardware.model),
        field("x64-based PC"),
        processors,
        field(format!(
            "{}, {}",
            hardware.bios,
            (words.date)(machine.bios_date)
        )),
        field("C:\\Windows"),
        field("C:\\Windows\\system32"),
        field("\\Device\\HarddiskVolume1"),
        field(words.locale),
        field(words.locale),
        field(words.time_zone),
        field((words.memory)(machine.memory_total_mb)),
        field((words.memory)(machine.memory_available_mb)),
        field((words.memory)(machine.virtual_max_mb)),
        field((words.memory)(available_virtual)),
        field((words.memory)(machine.virtual_in_use_mb)),
        field("C:\\pagefile.sys"),
        field(machine.domain_name()),
        field(machine.logon_server()),
        hotfix_field,
        network,
        hyper_v,
    ]
}

/// Width on a console, where East Asian wide characters take two cells.
fn display_width(text: &str) -> usize {
    text.chars()
        .map(|c| {
            let wide = matches!(c,
                '\u{1100}'..='\u{115F}'
                | '\u{2E80}'..='\u{303E}'
                | '\u{3041}'..='\u{33FF}'
                | '\u{3400}'..='\u{4DBF}'
                | '\u{4E00}'..='\u{9FFF}'
                | '\u{AC00}'..='\u{D7A3}'
                | '\u{F900}'..='\u{FAFF}'
                | '\u{FF00}'..='\u{FF60}'
                | '\u{FFE0}'..='\u{FFE6}');
            if wide { 2 } else { 1 }
        })
        .sum()
}

/// The list layout, CRLF, with the blank first line systeminfo prints.
pub fn list(machine: &DemoMachine) -> String {
    let words = words(machine.locale());
    let column = words
        .labels
        .iter()
        .map(|label| display_width(label) + 2)
        .max()
        .unwrap_or(27);
    let mut text = String::with_capacity(4096);
    text.push_str("\r\n");
    for (label, field) in words.labels.iter().zip(fields(machine)) {
        text.push_str(label);
        text.push(':');
        let padding = column.saturating_sub(display_width(label) + 1).max(1);
        text.extend(std::iter::repeat_n(' ', padding));
        text.push_str(&field.value);
        text.push_str("\r\n");
        for (indent, line) in &field.more {
            text.extend(std::iter::repeat_n(' ', column + indent));
            text.push_str(line);
            text.push_str("\r\n");
        }
    }
    text
}

/// `systeminfo /fo csv`: a header row and one machine row; a value's extra lines follow it
/// in the same cell, separated by commas.
pub fn csv(machine: &DemoMachine) -> String {
    let words = words(machine.locale());
    let quote = |cell: &str| format!("\"{}\"", cell.replace('"', "\"\""));
    let header: Vec<String> = words.labels.iter().map(|label| quote(label)).collect();
    let row: Vec<String> = fields(machine)
        .into_iter()
        .map(|field| {
            let mut cell = field.value;
            for (_, line) in field.more {
                cell.push(',');
                cell.push_str(&line);
            }
            quote(&cell)
        })
        .collect();
    format!("{}\r\n{}\r\n", header.join(","), row.join(","))
}
