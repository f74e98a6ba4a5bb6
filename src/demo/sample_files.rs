//! The sample office's inventory files, compiled in (see `assets/sample/README.md`).

macro_rules! sample {
    ($name:literal) => {
        (
            $name,
            include_bytes!(concat!("../../assets/sample/inventory/", $name)) as &[u8],
        )
    };
}

pub const INVENTORY: &[(&str, &[u8])] = &[
    sample!("ja_10_22H2_x64_pro_cp932.txt"),
    sample!("SOUMU-PC02-20260105-093000.json"),
    sample!("10_21H2_x64_pro_systeminfo.txt"),
    sample!("11_22H2_x64_home-single-language_systeminfo.txt"),
    sample!("10_1803_x64_pro_it_systeminfo.txt"),
    sample!("7_sp1_x64_enterprise_fr_systeminfo_powershell.txt"),
    sample!("10_1809_x64_pro_en-us_20190307_systeminfo.txt"),
    sample!("srv_2019_rtm_datacenter_en-us_systeminfo.txt"),
    sample!("srv_2016_1607_datacenter_en-us_systeminfo.txt"),
    sample!("srv_2012r2_u1_systeminfo.txt"),
    sample!("xp_sp3_x86_professional_en-us_systeminfo.txt"),
    sample!("glpi_fusioninventory_win81_fr.xml"),
    sample!("8.1_u1_x64_enterprise_en-us_systeminfo.txt"),
];

macro_rules! catalog {
    ($name:literal) => {
        (
            $name,
            include_bytes!(concat!("../../assets/sample/catalog/", $name)) as &[u8],
        )
    };
}

/// Real catalog documents (see `assets/sample/README.md`, "Catalogs").
pub const CATALOGS: &[(&str, &[u8])] = &[
    catalog!("cvrfDocument-Oct-OOB.xml"),
    catalog!("cvrfDocument-2017-Feb.xml"),
    catalog!("cvrfDocument-2020-Dec.xml"),
    catalog!("cvrfDocument-2022-Nov.xml"),
    catalog!("cvrfDocument-2022-Dec.xml"),
    catalog!("cvrfDocument-2023-Jan.xml"),
    catalog!("known_exploited_vulnerabilities.json"),
    catalog!("BulletinSearch2001-2008_vuls_fixture.csv"),
    catalog!("BulletinSearch_vuls_fixture.csv"),
];
