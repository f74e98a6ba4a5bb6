//! `systeminfo`'s fields, in the fixed order Windows prints them, and their labels in the
//! display languages we have seen. Labels identify a field when we know them; the order is
//! the fallback for languages (or Windows versions) whose labels we do not know.

use std::collections::HashMap;
use std::sync::LazyLock;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(super) enum Field {
    HostName,
    OsName,
    OsVersion,
    OsManufacturer,
    OsConfiguration,
    OsBuildType,
    RegisteredOwner,
    RegisteredOrganization,
    ProductId,
    OriginalInstallDate,
    SystemBootTime,
    /// XP and Server 2003 print an uptime where later versions print the boot time.
    SystemUpTime,
    SystemManufacturer,
    SystemModel,
    SystemType,
    Processors,
    BiosVersion,
    WindowsDirectory,
    SystemDirectory,
    BootDevice,
    SystemLocale,
    InputLocale,
    TimeZone,
    TotalPhysicalMemory,
    AvailablePhysicalMemory,
    VirtualMemoryMaxSize,
    VirtualMemoryAvailable,
    VirtualMemoryInUse,
    PageFileLocations,
    Domain,
    LogonServer,
    Hotfixes,
    NetworkCards,
    HyperVRequirements,
}

/// The order of `systeminfo` output (list rows, CSV columns) since Windows Vista. XP has the
/// same order with the uptime in the boot time's place.
pub(super) const FIELD_ORDER: [Field; 33] = [
    Field::HostName,
    Field::OsName,
    Field::OsVersion,
    Field::OsManufacturer,
    Field::OsConfiguration,
    Field::OsBuildType,
    Field::RegisteredOwner,
    Field::RegisteredOrganization,
    Field::ProductId,
    Field::OriginalInstallDate,
    Field::SystemBootTime,
    Field::SystemManufacturer,
    Field::SystemModel,
    Field::SystemType,
    Field::Processors,
    Field::BiosVersion,
    Field::WindowsDirectory,
    Field::SystemDirectory,
    Field::BootDevice,
    Field::SystemLocale,
    Field::InputLocale,
    Field::TimeZone,
    Field::TotalPhysicalMemory,
    Field::AvailablePhysicalMemory,
    Field::VirtualMemoryMaxSize,
    Field::VirtualMemoryAvailable,
    Field::VirtualMemoryInUse,
    Field::PageFileLocations,
    Field::Domain,
    Field::LogonServer,
    Field::Hotfixes,
    Field::NetworkCards,
    Field::HyperVRequirements,
];

impl Field {
    /// Where the field stands in [`FIELD_ORDER`].
    pub(super) fn position(self) -> Option<usize> {
        let field = if self == Field::SystemUpTime {
            Field::SystemBootTime
        } else {
            self
        };
        FIELD_ORDER.iter().position(|&candidate| candidate == field)
    }

    /// Fields whose value goes on over indented lines (`[01]: …`).
    pub(super) fn is_multi_line(self) -> bool {
        matches!(
            self,
            Field::Processors | Field::Hotfixes | Field::NetworkCards | Field::HyperVRequirements
        )
    }
}

/// The display language a record's labels are in, which tells how it writes dates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Language {
    English,
    Japanese,
    German,
    French,
    Spanish,
    Italian,
    Dutch,
    Russian,
    ChineseSimplified,
}

/// The field a label names, and the language it is written in. Labels are compared
/// case-insensitively, with runs of spaces (no-break ones too) counted as one space and no
/// space before a colon, so `NetWork Card(s)` (XP) and `Mémoire virtuelle : taille maximale`
/// (French, with a no-break space) are found.
pub(super) fn field_for_label(label: &str) -> Option<(Field, Language)> {
    LABELS.get(&normalize_label(label)).copied()
}

/// The lookup key of a label: see [`field_for_label`].
fn normalize_label(label: &str) -> String {
    let unified: String = label
        .chars()
        .map(|c| match c {
            '：' => ':',
            c if c.is_whitespace() => ' ',
            c => c,
        })
        .flat_map(char::to_lowercase)
        .collect();
    let collapsed = unified.split_whitespace().collect::<Vec<_>>().join(" ");
    let no_space_before_colon = collapsed.replace(" :", ":");
    no_space_before_colon
        .trim_end_matches(':')
        .trim()
        .to_owned()
}

static LABELS: LazyLock<HashMap<String, (Field, Language)>> = LazyLock::new(|| {
    let mut labels = HashMap::new();
    for (language, table) in TABLES {
        for &(field, label) in *table {
            // The first language listing a label keeps it: "Processor(s)" is English and Dutch.
            labels
                .entry(normalize_label(label))
                .or_insert((field, *language));
        }
    }
    labels
});

const TABLES: &[(Language, &[(Field, &str)])] = &[
    (Language::English, ENGLISH),
    (Language::Japanese, JAPANESE),
    (Language::German, GERMAN),
    (Language::French, FRENCH),
    (Language::Spanish, SPANISH),
    (Language::Italian, ITALIAN),
    (Language::Dutch, DUTCH),
    (Language::Russian, RUSSIAN),
    (Language::ChineseSimplified, CHINESE_SIMPLIFIED),
];

const ENGLISH: &[(Field, &str)] = &[
    (Field::HostName, "Host Name"),
    (Field::OsName, "OS Name"),
    (Field::OsVersion, "OS Version"),
    (Field::OsManufacturer, "OS Manufacturer"),
    (Field::OsConfiguration, "OS Configuration"),
    (Field::OsBuildType, "OS Build Type"),
    (Field::RegisteredOwner, "Registered Owner"),
    (Field::RegisteredOrganization, "Registered Organization"),
    (Field::ProductId, "Product ID"),
    (Field::OriginalInstallDate, "Original Install Date"),
    (Field::SystemBootTime, "System Boot Time"),
    (Field::SystemUpTime, "System Up Time"),
    (Field::SystemManufacturer, "System Manufacturer"),
    (Field::SystemModel, "System Model"),
    (Field::SystemType, "System Type"),
    (Field::Processors, "Processor(s)"),
    (Field::BiosVersion, "BIOS Version"),
    (Field::WindowsDirectory, "Windows Directory"),
    (Field::SystemDirectory, "System Directory"),
    (Field::BootDevice, "Boot Device"),
    (Field::SystemLocale, "System Locale"),
    (Field::InputLocale, "Input Locale"),
    (Field::TimeZone, "Time Zone"),
    (Field::TotalPhysicalMemory, "Total Physical Memory"),
    (Field::AvailablePhysicalMemory, "Available Physical Memory"),
    (Field::VirtualMemoryMaxSize, "Virtual Memory: Max Size"),
    (Field::VirtualMemoryAvailable, "Virtual Memory: Available"),
    (Field::VirtualMemoryInUse, "Virtual Memory: In Use"),
    (Field::PageFileLocations, "Page File Location(s)"),
    (Field::Domain, "Domain"),
    (Field::LogonServer, "Logon Server"),
    (Field::Hotfixes, "Hotfix(s)"),
    (Field::NetworkCards, "Network Card(s)"),
    (Field::HyperVRequirements, "Hyper-V Requirements"),
];

const JAPANESE: &[(Field, &str)] = &[
    (Field::HostName, "ホスト名"),
    (Field::OsName, "OS 名"),
    (Field::OsVersion, "OS バージョン"),
    (Field::OsManufacturer, "OS 製造元"),
    (Field::OsConfiguration, "OS 構成"),
    (Field::OsBuildType, "OS ビルドの種類"),
    (Field::RegisteredOwner, "登録されている所有者"),
    (Field::RegisteredOrganization, "登録されている組織"),
    (Field::ProductId, "プロダクト ID"),
    (Field::OriginalInstallDate, "最初のインストール日付"),
    (Field::SystemBootTime, "システム起動時間"),
    (Field::SystemManufacturer, "システム製造元"),
    (Field::SystemModel, "システム モデル"),
    (Field::SystemType, "システムの種類"),
    (Field::Processors, "プロセッサ"),
    (Field::BiosVersion, "BIOS バージョン"),
    (Field::WindowsDirectory, "Windows ディレクトリ"),
    (Field::SystemDirectory, "システム ディレクトリ"),
    (Field::BootDevice, "起動デバイス"),
    (Field::SystemLocale, "システム ロケール"),
    (Field::InputLocale, "入力ロケール"),
    (Field::TimeZone, "タイム ゾーン"),
    (Field::TotalPhysicalMemory, "物理メモリの合計"),
    (Field::AvailablePhysicalMemory, "利用できる物理メモリ"),
    (Field::VirtualMemoryMaxSize, "仮想メモリ: 最大サイズ"),
    (Field::VirtualMemoryAvailable, "仮想メモリ: 利用可能"),
    (Field::VirtualMemoryInUse, "仮想メモリ: 使用中"),
    (Field::PageFileLocations, "ページ ファイルの場所"),
    (Field::Domain, "ドメイン"),
    (Field::LogonServer, "ログオン サーバー"),
    (Field::Hotfixes, "ホットフィックス"),
    (Field::NetworkCards, "ネットワーク カード"),
    (Field::HyperVRequirements, "Hyper-V の要件"),
];

const GERMAN: &[(Field, &str)] = &[
    (Field::HostName, "Hostname"),
    (Field::OsName, "Betriebssystemname"),
    (Field::OsVersion, "Betriebssystemversion"),
    (Field::OsManufacturer, "Betriebssystemhersteller"),
    (Field::OsConfiguration, "Betriebssystemkonfiguration"),
    (Field::OsBuildType, "Betriebssystem-Buildtyp"),
    (Field::RegisteredOwner, "Registrierter Benutzer"),
    (Field::RegisteredOrganization, "Registrierte Organisation"),
    (Field::ProductId, "Produkt-ID"),
    (
        Field::OriginalInstallDate,
        "Ursprüngliches Installationsdatum",
    ),
    (Field::SystemBootTime, "Systemstartzeit"),
    (Field::SystemManufacturer, "Systemhersteller"),
    (Field::SystemModel, "Systemmodell"),
    (Field::SystemType, "Systemtyp"),
    (Field::Processors, "Prozessor(en)"),
    (Field::BiosVersion, "BIOS-Version"),
    (Field::WindowsDirectory, "Windows-Verzeichnis"),
    (Field::SystemDirectory, "System-Verzeichnis"),
    (Field::BootDevice, "Startgerät"),
    (Field::SystemLocale, "Systemgebietsschema"),
    (Field::InputLocale, "Eingabegebietsschema"),
    (Field::TimeZone, "Zeitzone"),
    (Field::TotalPhysicalMemory, "Gesamter physischer Speicher"),
    (
        Field::AvailablePhysicalMemory,
        "Verfügbarer physischer Speicher",
    ),
    (
        Field::VirtualMemoryMaxSize,
        "Virtueller Arbeitsspeicher: Maximale Größe",
    ),
    (
        Field::VirtualMemoryAvailable,
        "Virtueller Arbeitsspeicher: Verfügbar",
    ),
    (
        Field::VirtualMemoryInUse,
        "Virtueller Arbeitsspeicher: Zurzeit verwendet",
    ),
    (Field::PageFileLocations, "Auslagerungsdateipfad(e)"),
    (Field::Domain, "Domäne"),
    (Field::LogonServer, "Anmeldeserver"),
    (Field::Hotfixes, "Hotfix(es)"),
    (Field::NetworkCards, "Netzwerkkarte(n)"),
    (Field::HyperVRequirements, "Hyper-V-Anforderungen"),
];

const FRENCH: &[(Field, &str)] = &[
    (Field::HostName, "Nom de l'hôte"),
    (Field::OsName, "Nom du système d'exploitation"),
    (Field::OsVersion, "Version du système"),
    (Field::OsManufacturer, "Fabricant du système d'exploitation"),
    (
        Field::OsConfiguration,
        "Configuration du système d'exploitation",
    ),
    (
        Field::OsBuildType,
        "Type de version du système d'exploitation",
    ),
    (Field::RegisteredOwner, "Propriétaire enregistré"),
    (Field::RegisteredOrganization, "Organisation enregistrée"),
    (Field::ProductId, "Identificateur de produit"),
    (Field::OriginalInstallDate, "Date d'installation originale"),
    (Field::SystemBootTime, "Heure de démarrage du système"),
    (Field::SystemManufacturer, "Fabricant du système"),
    (Field::SystemModel, "Modèle du système"),
    (Field::SystemType, "Type du système"),
    (Field::Processors, "Processeur(s)"),
    (Field::BiosVersion, "Version du BIOS"),
    (Field::WindowsDirectory, "Répertoire Windows"),
    (Field::SystemDirectory, "Répertoire système"),
    (Field::BootDevice, "Périphérique d'amorçage"),
    (Field::SystemLocale, "Option régionale du système"),
    (Field::InputLocale, "Paramètres régionaux d'entrée"),
    (Field::TimeZone, "Fuseau horaire"),
    (Field::TotalPhysicalMemory, "Mémoire physique totale"),
    (
        Field::AvailablePhysicalMemory,
        "Mémoire physique disponible",
    ),
    (
        Field::VirtualMemoryMaxSize,
        "Mémoire virtuelle : taille maximale",
    ),
    (
        Field::VirtualMemoryAvailable,
        "Mémoire virtuelle : disponible",
    ),
    (
        Field::VirtualMemoryInUse,
        "Mémoire virtuelle : en cours d'utilisation",
    ),
    (
        Field::PageFileLocations,
        "Emplacements des fichiers d'échange",
    ),
    (Field::Domain, "Domaine"),
    (Field::LogonServer, "Serveur d'ouverture de session"),
    (Field::Hotfixes, "Correctif(s)"),
    (Field::NetworkCards, "Carte(s) réseau"),
    (
        Field::HyperVRequirements,
        "Configuration requise pour Hyper-V",
    ),
];

const SPANISH: &[(Field, &str)] = &[
    (Field::HostName, "Nombre de host"),
    (Field::OsName, "Nombre del sistema operativo"),
    (Field::OsVersion, "Versión del sistema operativo"),
    (Field::OsManufacturer, "Fabricante del sistema operativo"),
    (
        Field::OsConfiguration,
        "Configuración del sistema operativo",
    ),
    (
        Field::OsBuildType,
        "Tipo de compilación del sistema operativo",
    ),
    (Field::RegisteredOwner, "Propiedad de"),
    (Field::RegisteredOrganization, "Organización registrada"),
    (Field::ProductId, "Id. del producto"),
    (Field::OriginalInstallDate, "Fecha de instalación original"),
    (Field::SystemBootTime, "Tiempo de arranque del sistema"),
    (Field::SystemManufacturer, "Fabricante del sistema"),
    // Sic: Windows prints "Modelo el sistema".
    (Field::SystemModel, "Modelo el sistema"),
    (Field::SystemModel, "Modelo del sistema"),
    (Field::SystemType, "Tipo de sistema"),
    (Field::Processors, "Procesador(es)"),
    (Field::BiosVersion, "Versión del BIOS"),
    (Field::WindowsDirectory, "Directorio de Windows"),
    (Field::SystemDirectory, "Directorio de sistema"),
    (Field::BootDevice, "Dispositivo de arranque"),
    (Field::SystemLocale, "Configuración regional del sistema"),
    (Field::InputLocale, "Idioma de entrada"),
    (Field::TimeZone, "Zona horaria"),
    (
        Field::TotalPhysicalMemory,
        "Cantidad total de memoria física",
    ),
    (Field::AvailablePhysicalMemory, "Memoria física disponible"),
    (
        Field::VirtualMemoryMaxSize,
        "Memoria virtual: tamaño máximo",
    ),
    (Field::VirtualMemoryAvailable, "Memoria virtual: disponible"),
    (Field::VirtualMemoryInUse, "Memoria virtual: en uso"),
    (
        Field::PageFileLocations,
        "Ubicación(es) de archivo de paginación",
    ),
    (Field::Domain, "Dominio"),
    (Field::LogonServer, "Servidor de inicio de sesión"),
    (Field::Hotfixes, "Revisión(es)"),
    (Field::NetworkCards, "Tarjeta(s) de red"),
    (Field::HyperVRequirements, "Requisitos Hyper-V"),
];

const ITALIAN: &[(Field, &str)] = &[
    (Field::HostName, "Nome host"),
    (Field::OsName, "Nome SO"),
    (Field::OsVersion, "Versione SO"),
    (Field::OsManufacturer, "Produttore SO"),
    (Field::OsConfiguration, "Configurazione SO"),
    (Field::OsBuildType, "Tipo build SO"),
    (Field::RegisteredOwner, "Proprietario registrato"),
    (Field::RegisteredOrganization, "Organizzazione registrata"),
    (Field::ProductId, "Numero di serie"),
    (
        Field::OriginalInstallDate,
        "Data di installazione originale",
    ),
    (Field::SystemBootTime, "Tempo di avvio sistema"),
    (Field::SystemManufacturer, "Produttore sistema"),
    (Field::SystemModel, "Modello sistema"),
    (Field::SystemType, "Tipo sistema"),
    (Field::Processors, "Processore"),
    (Field::BiosVersion, "Versione BIOS"),
    (Field::WindowsDirectory, "Directory Windows"),
    (Field::SystemDirectory, "Directory di sistema"),
    (Field::BootDevice, "Dispositivo di avvio"),
    (Field::SystemLocale, "Impostazioni locali sistema"),
    (Field::InputLocale, "Impostazioni locali di input"),
    (Field::TimeZone, "Fuso orario"),
    (Field::TotalPhysicalMemory, "Memoria fisica totale"),
    (Field::AvailablePhysicalMemory, "Memoria fisica disponibile"),
    (
        Field::VirtualMemoryMaxSize,
        "Memoria virtuale: dimensione massima",
    ),
    (
        Field::VirtualMemoryAvailable,
        "Memoria virtuale: disponibile",
    ),
    (Field::VirtualMemoryInUse, "Memoria virtuale: in uso"),
    (Field::PageFileLocations, "Posizioni file di paging"),
    (Field::Domain, "Dominio"),
    (Field::LogonServer, "Server di accesso"),
    (Field::Hotfixes, "Aggiornamenti rapidi"),
    (Field::NetworkCards, "Schede di rete"),
    (Field::HyperVRequirements, "Requisiti Hyper-V"),
];

const DUTCH: &[(Field, &str)] = &[
    (Field::HostName, "Hostnaam"),
    (Field::OsName, "Naam van besturingssysteem"),
    (Field::OsVersion, "Versie van besturingssysteem"),
    (Field::OsManufacturer, "Fabrikant van besturingssysteem"),
    (Field::OsConfiguration, "Configuratie van besturingssysteem"),
    (Field::OsBuildType, "Type build van besturingssysteem"),
    (Field::RegisteredOwner, "Geregistreerde eigenaar"),
    (Field::RegisteredOrganization, "Geregistreerde organisatie"),
    (Field::ProductId, "Product-id"),
    (
        Field::OriginalInstallDate,
        "Oorspronkelijke installatiedatum",
    ),
    (Field::SystemBootTime, "Opstarttijd van systeem"),
    (Field::SystemManufacturer, "Systeemfabrikant"),
    (Field::SystemModel, "Systeemmodel"),
    (Field::SystemType, "Systeemtype"),
    (Field::Processors, "Processor(s)"),
    (Field::BiosVersion, "BIOS-versie"),
    (Field::WindowsDirectory, "Windows-map"),
    (Field::SystemDirectory, "Systeemmap"),
    (Field::BootDevice, "Opstartapparaat"),
    (Field::SystemLocale, "Landinstelling van systeem"),
    (Field::InputLocale, "Landinstelling voor invoer"),
    (Field::TimeZone, "Tijdzone"),
    (Field::TotalPhysicalMemory, "Totaal fysiek geheugen"),
    (
        Field::AvailablePhysicalMemory,
        "Beschikbaar fysiek geheugen",
    ),
    (
        Field::VirtualMemoryMaxSize,
        "Virtueel geheugen: maximale grootte",
    ),
    (
        Field::VirtualMemoryAvailable,
        "Virtueel geheugen: beschikbaar",
    ),
    (Field::VirtualMemoryInUse, "Virtueel geheugen: in gebruik"),
    (Field::PageFileLocations, "Locatie(s) van wisselbestand"),
    (Field::Domain, "Domein"),
    (Field::LogonServer, "Aanmeldingsserver"),
    (Field::Hotfixes, "Hotfix(es)"),
    (Field::NetworkCards, "Netwerkkaart(en)"),
    (Field::HyperVRequirements, "Hyper-V-vereisten"),
];

const RUSSIAN: &[(Field, &str)] = &[
    (Field::HostName, "Имя узла"),
    (Field::OsName, "Название ОС"),
    (Field::OsVersion, "Версия ОС"),
    (Field::OsManufacturer, "Изготовитель ОС"),
    (Field::OsConfiguration, "Параметры ОС"),
    (Field::OsBuildType, "Сборка ОС"),
    (Field::RegisteredOwner, "Зарегистрированный владелец"),
    (
        Field::RegisteredOrganization,
        "Зарегистрированная организация",
    ),
    (Field::ProductId, "Код продукта"),
    (Field::OriginalInstallDate, "Дата установки"),
    (Field::SystemBootTime, "Время загрузки системы"),
    (Field::SystemManufacturer, "Изготовитель системы"),
    (Field::SystemModel, "Модель системы"),
    (Field::SystemType, "Тип системы"),
    (Field::Processors, "Процессор(ы)"),
    (Field::BiosVersion, "Версия BIOS"),
    (Field::WindowsDirectory, "Папка Windows"),
    (Field::SystemDirectory, "Системная папка"),
    (Field::BootDevice, "Устройство загрузки"),
    (Field::SystemLocale, "Язык системы"),
    (Field::InputLocale, "Язык ввода"),
    (Field::TimeZone, "Часовой пояс"),
    (Field::TotalPhysicalMemory, "Полный объем физической памяти"),
    (
        Field::AvailablePhysicalMemory,
        "Доступная физическая память",
    ),
    (
        Field::VirtualMemoryMaxSize,
        "Виртуальная память: Макс. размер",
    ),
    (
        Field::VirtualMemoryAvailable,
        "Виртуальная память: Доступна",
    ),
    (
        Field::VirtualMemoryInUse,
        "Виртуальная память: Используется",
    ),
    (Field::PageFileLocations, "Расположение файла подкачки"),
    (Field::Domain, "Домен"),
    (Field::LogonServer, "Сервер входа в сеть"),
    (Field::Hotfixes, "Исправление(я)"),
    (Field::NetworkCards, "Сетевые адаптеры"),
    (Field::HyperVRequirements, "Требования Hyper-V"),
];

const CHINESE_SIMPLIFIED: &[(Field, &str)] = &[
    (Field::HostName, "主机名"),
    (Field::OsName, "OS 名称"),
    (Field::OsVersion, "OS 版本"),
    (Field::OsManufacturer, "OS 制造商"),
    (Field::OsConfiguration, "OS 配置"),
    (Field::OsBuildType, "OS 构件类型"),
    (Field::RegisteredOwner, "注册的所有人"),
    (Field::RegisteredOrganization, "注册的组织"),
    (Field::ProductId, "产品 ID"),
    (Field::OriginalInstallDate, "初始安装日期"),
    (Field::SystemBootTime, "系统启动时间"),
    (Field::SystemManufacturer, "系统制造商"),
    (Field::SystemModel, "系统型号"),
    (Field::SystemType, "系统类型"),
    (Field::Processors, "处理器"),
    (Field::BiosVersion, "BIOS 版本"),
    (Field::WindowsDirectory, "Windows 目录"),
    (Field::SystemDirectory, "系统目录"),
    (Field::BootDevice, "启动设备"),
    (Field::SystemLocale, "系统区域设置"),
    (Field::InputLocale, "输入法区域设置"),
    (Field::TimeZone, "时区"),
    (Field::TotalPhysicalMemory, "物理内存总量"),
    (Field::AvailablePhysicalMemory, "可用的物理内存"),
    (Field::VirtualMemoryMaxSize, "虚拟内存: 最大值"),
    (Field::VirtualMemoryAvailable, "虚拟内存: 可用"),
    (Field::VirtualMemoryInUse, "虚拟内存: 使用中"),
    (Field::PageFileLocations, "页面文件位置"),
    (Field::Domain, "域"),
    (Field::LogonServer, "登录服务器"),
    (Field::Hotfixes, "修补程序"),
    (Field::NetworkCards, "网卡"),
    (Field::HyperVRequirements, "Hyper-V 要求"),
];
