//! The Windows products the demo office runs and the updates each one received, month by
//! month, from October 2022 to January 2023.
//!
//! Every KB number is a Vendor Fix (or its `Supercedence`) for the same product name in the
//! MSRC fixtures `cvrfDocument-2022-Nov.xml`, `-2022-Dec.xml` and `-2023-Jan.xml`, so catalog
//! matching finds real findings: a machine at the December update misses January's fixes, one
//! at January's misses nothing those documents list. October's cumulative updates appear in
//! the November document only as `Supercedence` (Windows 10 22H2 has none there: it shipped in
//! October 2022); no .NET update is listed for October or January.
//!
//! Revisions (UBR) are the `FixedBuild` of the same remediation, except Windows 11 22H2 in
//! December: MSRC lists `10.0.22621.993`, the update itself is build 22621.963. October
//! revisions are only given where known for certain (Windows 10 22H2 became 19045.2130 with
//! KB5018410, Windows 11 22H2 22621.674 with KB5018427).

use chrono::NaiveDate;

/// The months a machine can be patched up to, oldest first; January 2023 is current.
pub(super) const MONTHS: [PatchMonth; 4] = [
    PatchMonth {
        label: "2022-10",
        patch_tuesday: (2022, 10, 11),
        msrt_version: "5.106",
    },
    PatchMonth {
        label: "2022-11",
        patch_tuesday: (2022, 11, 8),
        msrt_version: "5.107",
    },
    PatchMonth {
        label: "2022-12",
        patch_tuesday: (2022, 12, 13),
        msrt_version: "5.108",
    },
    PatchMonth {
        label: "2023-01",
        patch_tuesday: (2023, 1, 10),
        msrt_version: "5.109",
    },
];

/// Index of the current month in [`MONTHS`].
pub(super) const CURRENT_MONTH: usize = 3;

pub(super) struct PatchMonth {
    /// As Windows Update titles start: `2023-01`.
    pub label: &'static str,
    pub patch_tuesday: (i32, u32, u32),
    /// The Malicious Software Removal Tool of that month (KB890830), in update history titles.
    pub msrt_version: &'static str,
}

impl PatchMonth {
    pub fn patch_tuesday(&self) -> NaiveDate {
        let (year, month, day) = self.patch_tuesday;
        NaiveDate::from_ymd_opt(year, month, day).unwrap_or_default()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Product {
    Windows10_22H2,
    Windows11_22H2,
    Server2019,
    Server2022,
}

/// One month's cumulative update of a product.
pub(super) struct Cumulative {
    pub kb: &'static str,
    /// The revision the update brings the build to, when known for certain.
    pub revision: Option<u32>,
}

pub(super) struct ProductInfo {
    pub build: u32,
    /// "Windows 10", "Windows 11", "Windows Server 2019" …, for OS names.
    pub family: &'static str,
    /// Registry `DisplayVersion` (`ReleaseId` on Server 2019).
    pub display_version: &'static str,
    /// Per month of [`MONTHS`].
    pub cumulative: [Cumulative; 4],
    /// The .NET Framework cumulative update of each month, when that month had one.
    pub dotnet: [Option<&'static str>; 4],
    /// How Windows Update titles name the product: "Windows 10 Version 22H2".
    pub update_title_name: &'static str,
    /// The .NET versions its .NET cumulative update covers: "3.5 and 4.8".
    pub dotnet_versions: &'static str,
    /// How .NET update titles name the product.
    pub dotnet_title_name: &'static str,
}

impl Product {
    pub fn info(self) -> &'static ProductInfo {
        match self {
            Product::Windows10_22H2 => &WINDOWS_10_22H2,
            Product::Windows11_22H2 => &WINDOWS_11_22H2,
            Product::Server2019 => &SERVER_2019,
            Product::Server2022 => &SERVER_2022,
        }
    }
}

const WINDOWS_10_22H2: ProductInfo = ProductInfo {
    build: 19045,
    family: "Windows 10",
    display_version: "22H2",
    cumulative: [
        Cumulative {
            kb: "KB5018410",
            revision: Some(2130),
        },
        Cumulative {
            kb: "KB5019959",
            revision: Some(2251),
        },
        Cumulative {
            kb: "KB5021233",
            revision: Some(2364),
        },
        Cumulative {
            kb: "KB5022282",
            revision: Some(2486),
        },
    ],
    dotnet: [None, Some("KB5020694"), Some("KB5021089"), None],
    update_title_name: "Windows 10 Version 22H2",
    dotnet_versions: "3.5 and 4.8",
    dotnet_title_name: "Windows 10 Version 22H2",
};

const WINDOWS_11_22H2: ProductInfo = ProductInfo {
    build: 22621,
    family: "Windows 11",
    display_version: "22H2",
    cumulative: [
        Cumulative {
            kb: "KB5018427",
            revision: Some(674),
        },
        Cumulative {
            kb: "KB5019980",
            revision: Some(819),
        },
        Cumulative {
            kb: "KB5021255",
            revision: Some(963),
        },
        Cumulative {
            kb: "KB5022303",
            revision: Some(1105),
        },
    ],
    dotnet: [None, Some("KB5020622"), Some("KB5020880"), None],
    update_title_name: "Windows 11 Version 22H2",
    dotnet_versions: "3.5 and 4.8.1",
    dotnet_title_name: "Windows 11, version 22H2",
};

const SERVER_2019: ProductInfo = ProductInfo {
    build: 17763,
    family: "Windows Server 2019",
    display_version: "1809",
    cumulative: [
        Cumulative {
            kb: "KB5018419",
            revision: None,
        },
        Cumulative {
            kb: "KB5019966",
            revision: Some(3650),
        },
        Cumulative {
            kb: "KB5021237",
            revision: Some(3770),
        },
        Cumulative {
            kb: "KB5022286",
            revision: Some(3887),
        },
    ],
    dotnet: [None, Some("KB5020685"), Some("KB5021085"), None],
    update_title_name: "Windows Server 2019 (1809)",
    dotnet_versions: "3.5, 4.7.2 and 4.8",
    dotnet_title_name: "Windows Server 2019",
};

const SERVER_2022: ProductInfo = ProductInfo {
    build: 20348,
    family: "Windows Server 2022",
    display_version: "21H2",
    cumulative: [
        Cumulative {
            kb: "KB5018421",
            revision: None,
        },
        Cumulative {
            kb: "KB5019081",
            revision: Some(1249),
        },
        Cumulative {
            kb: "KB5021249",
            revision: Some(1366),
        },
        Cumulative {
            kb: "KB5022291",
            revision: Some(1487),
        },
    ],
    dotnet: [None, Some("KB5020692"), Some("KB5021095"), None],
    update_title_name: "Microsoft server operating system version 21H2",
    dotnet_versions: "3.5 and 4.8",
    dotnet_title_name: "Microsoft server operating system version 21H2",
};

/// The Malicious Software Removal Tool, offered every month (update history only).
pub(super) const MSRT_KB: &str = "KB890830";

/// Windows editions as the OS name prints them, and their registry `EditionID`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Edition {
    Pro,
    Enterprise,
    Standard,
    Datacenter,
}

impl Edition {
    pub fn edition_id(self) -> &'static str {
        match self {
            Edition::Pro => "Professional",
            Edition::Enterprise => "Enterprise",
            Edition::Standard => "ServerStandard",
            Edition::Datacenter => "ServerDatacenter",
        }
    }

    /// The edition in the OS name, in French where Windows translates it.
    pub fn name(self, french: bool) -> &'static str {
        match (self, french) {
            (Edition::Pro, false) => "Pro",
            (Edition::Pro, true) => "Professionnel",
            (Edition::Enterprise, false) => "Enterprise",
            (Edition::Enterprise, true) => "Entreprise",
            (Edition::Standard, _) => "Standard",
            (Edition::Datacenter, _) => "Datacenter",
        }
    }

    /// The first blocks of the Product ID systeminfo prints (the last block varies).
    pub fn product_id_prefix(self, product: Product) -> &'static str {
        match (self, product) {
            (Edition::Pro, _) => "00330-80000-00000",
            (Edition::Enterprise, _) => "00329-00000-00003",
            (_, Product::Server2022) => "00454-40000-00001",
            _ => "00429-70000-00000",
        }
    }
}
