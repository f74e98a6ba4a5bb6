//! How urgent a finding is: MSRC severity (緊急/重要/警告/注意), whether it is exploited in the
//! wild (MSRC's Exploit Status or CISA KEV), CVSS and days since release. A Critical finding
//! that is exploited makes the change an emergency (緊急の変更), as the seed's identify phase
//! says; everything else is a normal change.

use std::cmp::Ordering;

use chrono::NaiveDate;
use serde::Serialize;

/// MSRC severity ratings, lowest first so that `Ord` ranks Critical highest. Serialised as
/// MSRC spells them (`Critical`), the same in every JSON PatchDesk prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Severity {
    /// Not rated by the catalog.
    Unrated,
    Low,
    Moderate,
    Important,
    Critical,
}

impl Severity {
    /// MSRC and Bulletin Search spell it in English.
    pub fn parse(text: Option<&str>) -> Severity {
        match text.map(|t| t.trim().to_ascii_lowercase()).as_deref() {
            Some("critical") => Severity::Critical,
            Some("important") => Severity::Important,
            Some("moderate") => Severity::Moderate,
            Some("low") => Severity::Low,
            _ => Severity::Unrated,
        }
    }

    /// The stable English name used in JSON, CSV and the store.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Critical => "Critical",
            Severity::Important => "Important",
            Severity::Moderate => "Moderate",
            Severity::Low => "Low",
            Severity::Unrated => "Unrated",
        }
    }

    /// The i18n key of its name (緊急, 重要, 警告, 注意).
    pub fn label_key(self) -> &'static str {
        match self {
            Severity::Critical => "severity.critical",
            Severity::Important => "severity.important",
            Severity::Moderate => "severity.moderate",
            Severity::Low => "severity.low",
            Severity::Unrated => "severity.unrated",
        }
    }

    pub const ALL: [Severity; 5] = [
        Severity::Critical,
        Severity::Important,
        Severity::Moderate,
        Severity::Low,
        Severity::Unrated,
    ];
}

/// Everything that ranks one finding.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Urgency {
    pub severity: Severity,
    /// MSRC says exploited, or CISA KEV lists the CVE.
    pub exploited: bool,
    pub kev: bool,
    pub cvss: Option<f32>,
    /// Days since the catalog document was released, as of the day asked.
    pub days: i64,
}

impl Urgency {
    pub fn new(
        severity: Severity,
        msrc_exploited: bool,
        kev: bool,
        cvss: Option<f32>,
        released: NaiveDate,
        today: NaiveDate,
    ) -> Urgency {
        Urgency {
            severity,
            exploited: msrc_exploited || kev,
            kev,
            cvss,
            days: (today - released).num_days().max(0),
        }
    }

    /// Critical and exploited: an emergency change rather than a normal one.
    pub fn is_emergency(&self) -> bool {
        self.severity == Severity::Critical && self.exploited
    }

    /// Risk order, most urgent first: emergency, then severity, then exploited, then CVSS,
    /// then age. An exploited finding always ranks above an unexploited one of the same
    /// severity, whatever its score.
    pub fn cmp_risk(&self, other: &Urgency) -> Ordering {
        other
            .is_emergency()
            .cmp(&self.is_emergency())
            .then(other.severity.cmp(&self.severity))
            .then(other.exploited.cmp(&self.exploited))
            .then(
                other
                    .cvss
                    .unwrap_or(0.0)
                    .total_cmp(&self.cvss.unwrap_or(0.0)),
            )
            .then(other.days.cmp(&self.days))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn exploited_ranks_above_unexploited_of_the_same_severity() {
        let today = day(2023, 2, 1);
        let kev = Urgency::new(
            Severity::Important,
            false,
            true,
            Some(7.8),
            day(2023, 1, 10),
            today,
        );
        let higher_score = Urgency::new(
            Severity::Important,
            false,
            false,
            Some(8.8),
            day(2022, 11, 8),
            today,
        );
        assert_eq!(kev.cmp_risk(&higher_score), Ordering::Less);
        assert!(!kev.is_emergency(), "Important is not an emergency");
    }

    #[test]
    fn critical_and_exploited_is_an_emergency_and_ranks_first() {
        let today = day(2023, 2, 1);
        let emergency = Urgency::new(
            Severity::Critical,
            true,
            false,
            None,
            day(2023, 1, 10),
            today,
        );
        let critical = Urgency::new(
            Severity::Critical,
            false,
            false,
            Some(9.8),
            day(2022, 1, 10),
            today,
        );
        assert!(emergency.is_emergency());
        assert_eq!(emergency.cmp_risk(&critical), Ordering::Less);
        assert_eq!(emergency.days, 22);
    }

    #[test]
    fn severity_parses_msrc_spellings() {
        assert_eq!(Severity::parse(Some("Critical")), Severity::Critical);
        assert_eq!(Severity::parse(Some(" important ")), Severity::Important);
        assert_eq!(Severity::parse(None), Severity::Unrated);
        assert!(Severity::Critical > Severity::Important);
    }
}
