//! The documented RDS event IDs (`RDS-EVENT-NNNN`): what each means for the engineer on call.
//!
//! From the RDS User Guide's and the Aurora User Guide's "event categories and event
//! messages" tables: every DB instance and DB cluster event they list, by ID, with what it
//! means — a fault now (and whose), a warning that asks for a plan, a recovery, maintenance,
//! a change someone made, or information. The category and message of an event only guide
//! when its `EventID` is absent: the same words ("failover", "KMS key", "restored") appear in
//! faults and recoveries alike, and several categories hold both (RDS-EVENT-0420, "RDS can
//! now access the KMS key", is in the `failure` category).

/// What an RDS event means now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RdsKind {
    /// Something is broken now (the database or a feature of it).
    Fault,
    /// Nothing is broken yet; it will be unless someone plans for it (storage approaching
    /// its limit, burst credits low).
    Warning,
    /// Something came back or completed (a failover completed, recovery complete).
    Recovery,
    /// Maintenance AWS schedules or performs (patches, upgrades, host replacement).
    Maintenance,
    /// A change made in the account (modified, stopped, deleted, rebooted by request).
    Change,
    /// Information: backups, snapshots, creations, nothing to do.
    Info,
}

/// Who must act when the event is a fault.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RdsParty {
    /// The managed layers (host, storage, the engine's own recovery) are AWS's.
    Aws,
    /// Storage, parameters, networks, keys, roles, the workload are the customer's.
    Customer,
    Nobody,
}

/// Which kind of source the ID belongs to: the two lists reuse some numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RdsSource {
    Instance,
    Cluster,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct RdsEventDoc {
    pub(crate) number: u16,
    pub(crate) source: RdsSource,
    pub(crate) kind: RdsKind,
    pub(crate) party: RdsParty,
}

const fn doc(number: u16, source: RdsSource, kind: RdsKind, party: RdsParty) -> RdsEventDoc {
    RdsEventDoc {
        number,
        source,
        kind,
        party,
    }
}

/// `RDS-EVENT-0049` → 49.
fn number(event_id: &str) -> Option<u16> {
    event_id.trim().strip_prefix("RDS-EVENT-")?.parse().ok()
}

/// What the documentation says of an event ID, for this kind of source first.
pub(crate) fn lookup(event_id: &str, source: RdsSource) -> Option<RdsEventDoc> {
    let n = number(event_id)?;
    let mut matches = RDS_EVENTS.iter().filter(|d| d.number == n);
    let first = matches.next().copied();
    matches
        .chain(first.iter())
        .find(|d| d.source == source)
        .copied()
        .or(first)
}

use RdsKind::*;
use RdsParty::*;
use RdsSource::*;

/// Every documented instance and cluster event, by number.
const RDS_EVENTS: &[RdsEventDoc] = &[
    doc(1, Instance, Info, Nobody),
    doc(2, Instance, Info, Nobody),
    doc(3, Instance, Change, Customer),
    // "DB instance shutdown" comes with every reboot, stop and class change: the live DB
    // status, not this event, says whether anything is wrong.
    doc(4, Instance, Change, Customer),
    doc(5, Instance, Change, Customer),
    doc(6, Instance, Recovery, Nobody),
    doc(7, Instance, Fault, Customer),
    doc(9, Instance, Change, Customer),
    doc(10, Instance, Change, Customer),
    doc(11, Instance, Change, Customer),
    doc(12, Instance, Change, Customer),
    doc(13, Instance, Fault, Aws),
    doc(14, Instance, Change, Customer),
    doc(15, Instance, Recovery, Nobody),
    doc(16, Instance, Change, Customer),
    doc(16, Cluster, Change, Customer),
    doc(17, Instance, Change, Customer),
    doc(18, Instance, Change, Customer),
    doc(19, Instance, Change, Customer),
    doc(20, Instance, Fault, Aws),
    doc(21, Instance, Recovery, Nobody),
    doc(22, Instance, Fault, Customer),
    doc(23, Instance, Info, Nobody),
    doc(24, Instance, Change, Customer),
    doc(25, Instance, Change, Customer),
    doc(26, Instance, Maintenance, Nobody),
    doc(27, Instance, Maintenance, Nobody),
    doc(28, Instance, Change, Customer),
    doc(29, Instance, Change, Customer),
    doc(30, Instance, Change, Customer),
    doc(31, Instance, Fault, Customer),
    doc(32, Instance, Change, Customer),
    doc(33, Instance, Info, Nobody),
    doc(34, Instance, Info, Customer),
    doc(35, Instance, Fault, Customer),
    doc(36, Instance, Fault, Customer),
    doc(44, Instance, Info, Nobody),
    doc(45, Instance, Fault, Customer),
    doc(46, Instance, Recovery, Nobody),
    doc(47, Instance, Maintenance, Nobody),
    doc(48, Instance, Maintenance, Nobody),
    doc(49, Instance, Recovery, Nobody),
    doc(50, Instance, Recovery, Nobody),
    doc(51, Instance, Recovery, Nobody),
    doc(52, Instance, Fault, Aws),
    doc(53, Instance, Recovery, Nobody),
    doc(54, Instance, Info, Nobody),
    doc(55, Instance, Info, Nobody),
    doc(56, Instance, Info, Nobody),
    doc(57, Instance, Fault, Customer),
    doc(58, Instance, Fault, Customer),
    doc(62, Instance, Change, Customer),
    doc(63, Instance, Change, Customer),
    doc(64, Instance, Info, Nobody),
    doc(65, Instance, Recovery, Nobody),
    doc(66, Instance, Fault, Customer),
    doc(67, Instance, Fault, Customer),
    doc(68, Instance, Info, Nobody),
    doc(69, Cluster, Fault, Aws),
    doc(70, Cluster, Fault, Aws),
    doc(71, Cluster, Recovery, Nobody),
    doc(72, Cluster, Fault, Aws),
    doc(73, Cluster, Fault, Aws),
    doc(76, Cluster, Fault, Customer),
    doc(77, Cluster, Fault, Customer),
    doc(78, Instance, Change, Customer),
    doc(79, Instance, Fault, Customer),
    doc(80, Instance, Fault, Customer),
    doc(81, Instance, Fault, Customer),
    doc(82, Instance, Fault, Customer),
    doc(83, Cluster, Fault, Customer),
    doc(84, Instance, Fault, Customer),
    doc(85, Cluster, Fault, Customer),
    doc(86, Instance, Fault, Customer),
    doc(87, Instance, Change, Customer),
    doc(88, Instance, Recovery, Nobody),
    doc(89, Instance, Warning, Customer),
    doc(92, Instance, Change, Customer),
    doc(131, Instance, Info, Nobody),
    doc(132, Instance, Info, Nobody),
    doc(141, Cluster, Info, Nobody),
    doc(142, Cluster, Info, Nobody),
    doc(143, Cluster, Fault, Customer),
    doc(144, Cluster, Info, Nobody),
    doc(145, Cluster, Info, Nobody),
    doc(146, Cluster, Info, Nobody),
    doc(147, Cluster, Info, Nobody),
    doc(148, Cluster, Info, Nobody),
    doc(149, Cluster, Info, Nobody),
    doc(150, Cluster, Change, Customer),
    doc(151, Cluster, Recovery, Nobody),
    doc(152, Cluster, Fault, Customer),
    doc(153, Cluster, Info, Nobody),
    doc(154, Instance, Info, Nobody),
    doc(155, Instance, Maintenance, Nobody),
    doc(156, Cluster, Maintenance, Nobody),
    doc(157, Instance, Fault, Customer),
    doc(158, Instance, Fault, Customer),
    doc(165, Instance, Fault, Customer),
    doc(166, Instance, Recovery, Nobody),
    doc(167, Instance, Info, Nobody),
    doc(170, Cluster, Change, Customer),
    doc(171, Cluster, Change, Customer),
    doc(172, Cluster, Change, Customer),
    doc(173, Cluster, Maintenance, Nobody),
    doc(174, Cluster, Fault, Customer),
    doc(176, Cluster, Maintenance, Nobody),
    doc(177, Cluster, Maintenance, Nobody),
    doc(178, Instance, Maintenance, Nobody),
    doc(179, Cluster, Change, Customer),
    doc(180, Cluster, Change, Customer),
    doc(181, Cluster, Change, Customer),
    doc(182, Cluster, Info, Nobody),
    doc(183, Cluster, Info, Nobody),
    doc(184, Cluster, Info, Nobody),
    doc(185, Cluster, Recovery, Nobody),
    doc(186, Cluster, Fault, Customer),
    doc(187, Cluster, Fault, Aws),
    doc(188, Instance, Fault, Customer),
    doc(189, Instance, Warning, Customer),
    doc(191, Instance, Maintenance, Nobody),
    doc(192, Instance, Maintenance, Nobody),
    doc(193, Instance, Info, Nobody),
    doc(194, Instance, Maintenance, Nobody),
    doc(195, Instance, Fault, Customer),
    doc(202, Instance, Fault, Customer),
    doc(217, Instance, Change, Nobody),
    doc(218, Instance, Change, Nobody),
    doc(219, Instance, Info, Nobody),
    doc(220, Instance, Info, Nobody),
    doc(221, Instance, Fault, Customer),
    doc(222, Instance, Fault, Customer),
    doc(223, Instance, Fault, Customer),
    doc(224, Instance, Fault, Customer),
    doc(225, Instance, Warning, Customer),
    doc(227, Instance, Fault, Customer),
    doc(230, Instance, Maintenance, Nobody),
    doc(231, Instance, Fault, Aws),
    doc(233, Instance, Change, Customer),
    doc(234, Cluster, Fault, Customer),
    doc(235, Cluster, Info, Nobody),
    doc(236, Cluster, Info, Nobody),
    doc(237, Instance, Fault, Aws),
    doc(238, Cluster, Recovery, Nobody),
    doc(239, Cluster, Fault, Aws),
    doc(240, Cluster, Info, Nobody),
    doc(241, Cluster, Recovery, Nobody),
    doc(253, Instance, Info, Nobody),
    doc(254, Instance, Fault, Customer),
    doc(264, Instance, Maintenance, Nobody),
    doc(265, Instance, Maintenance, Nobody),
    doc(266, Instance, Maintenance, Nobody),
    doc(267, Instance, Maintenance, Nobody),
    doc(268, Instance, Maintenance, Nobody),
    doc(269, Instance, Maintenance, Nobody),
    doc(270, Instance, Fault, Customer),
    doc(278, Instance, Fault, Customer),
    doc(279, Instance, Fault, Customer),
    doc(280, Instance, Fault, Customer),
    doc(281, Instance, Fault, Customer),
    doc(282, Instance, Fault, Customer),
    doc(283, Instance, Fault, Customer),
    doc(284, Instance, Fault, Customer),
    doc(285, Instance, Fault, Customer),
    doc(286, Cluster, Maintenance, Nobody),
    doc(287, Cluster, Maintenance, Nobody),
    doc(288, Cluster, Maintenance, Nobody),
    doc(289, Cluster, Maintenance, Nobody),
    doc(290, Cluster, Maintenance, Nobody),
    doc(295, Instance, Change, Customer),
    doc(296, Instance, Change, Customer),
    doc(297, Instance, Info, Nobody),
    doc(298, Instance, Info, Nobody),
    doc(306, Instance, Fault, Customer),
    doc(315, Instance, Fault, Customer),
    doc(327, Instance, Fault, Customer),
    doc(328, Instance, Fault, Customer),
    doc(329, Instance, Fault, Customer),
    doc(330, Instance, Fault, Customer),
    doc(331, Instance, Fault, Customer),
    doc(332, Instance, Change, Customer),
    doc(333, Instance, Change, Customer),
    doc(334, Instance, Change, Customer),
    doc(335, Instance, Change, Customer),
    doc(353, Instance, Fault, Customer),
    doc(354, Cluster, Fault, Customer),
    doc(355, Cluster, Fault, Customer),
    doc(356, Instance, Fault, Customer),
    doc(357, Instance, Change, Customer),
    doc(358, Instance, Fault, Customer),
    doc(359, Instance, Change, Customer),
    doc(360, Instance, Change, Customer),
    doc(361, Instance, Fault, Aws),
    doc(362, Instance, Recovery, Nobody),
    doc(363, Cluster, Maintenance, Nobody),
    doc(365, Instance, Maintenance, Nobody),
    doc(370, Instance, Info, Nobody),
    doc(371, Instance, Info, Nobody),
    doc(372, Instance, Info, Nobody),
    doc(373, Instance, Info, Nobody),
    doc(374, Instance, Info, Nobody),
    doc(383, Instance, Info, Nobody),
    doc(385, Instance, Info, Nobody),
    doc(386, Cluster, Maintenance, Nobody),
    doc(387, Cluster, Fault, Aws),
    doc(388, Cluster, Maintenance, Nobody),
    doc(389, Cluster, Fault, Aws),
    doc(390, Instance, Info, Nobody),
    doc(391, Instance, Fault, Customer),
    doc(396, Instance, Maintenance, Nobody),
    doc(397, Cluster, Info, Nobody),
    doc(398, Instance, Maintenance, Nobody),
    doc(399, Instance, Maintenance, Nobody),
    doc(403, Instance, Fault, Customer),
    doc(404, Instance, Fault, Customer),
    doc(410, Cluster, Maintenance, Nobody),
    doc(411, Cluster, Maintenance, Nobody),
    doc(412, Cluster, Fault, Customer),
    doc(413, Cluster, Maintenance, Nobody),
    doc(414, Cluster, Maintenance, Nobody),
    doc(415, Instance, Maintenance, Nobody),
    doc(416, Instance, Maintenance, Nobody),
    doc(417, Cluster, Maintenance, Nobody),
    doc(418, Instance, Fault, Customer),
    doc(419, Instance, Fault, Customer),
    doc(420, Instance, Recovery, Nobody),
    doc(421, Instance, Fault, Customer),
    doc(422, Instance, Maintenance, Nobody),
    doc(423, Cluster, Info, Nobody),
    doc(424, Cluster, Info, Nobody),
    doc(425, Instance, Fault, Customer),
    doc(426, Cluster, Fault, Customer),
    doc(429, Instance, Fault, Aws),
    doc(501, Instance, Maintenance, Customer),
    doc(502, Instance, Maintenance, Nobody),
    doc(512, Cluster, Maintenance, Nobody),
    doc(513, Cluster, Maintenance, Nobody),
    doc(517, Cluster, Fault, Customer),
    doc(518, Cluster, Info, Nobody),
    doc(519, Cluster, Fault, Customer),
    doc(521, Cluster, Maintenance, Nobody),
    doc(522, Cluster, Maintenance, Nobody),
    doc(523, Instance, Fault, Customer),
    doc(524, Instance, Fault, Aws),
    doc(525, Instance, Fault, Aws),
    doc(596, Instance, Maintenance, Nobody),
    doc(610, Instance, Info, Nobody),
    doc(611, Instance, Fault, Customer),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_words_that_mislead_are_read_by_id() {
        let kind = |id: &str, s| lookup(id, s).map(|d| (d.kind, d.party));
        // "failover" in a recovery, and in a fault.
        assert_eq!(kind("RDS-EVENT-0049", Instance), Some((Recovery, Nobody)));
        assert_eq!(kind("RDS-EVENT-0013", Instance), Some((Fault, Aws)));
        assert_eq!(kind("RDS-EVENT-0071", Cluster), Some((Recovery, Nobody)));
        // An abandoned user-requested failover changed nothing.
        assert_eq!(kind("RDS-EVENT-0034", Instance).map(|k| k.0), Some(Info));
        // "KMS key": lost is the customer's fault; regained is a recovery (category failure).
        assert_eq!(kind("RDS-EVENT-0418", Instance), Some((Fault, Customer)));
        assert_eq!(kind("RDS-EVENT-0420", Instance), Some((Recovery, Nobody)));
        // Storage approaching its limit is a warning; full is a fault.
        assert_eq!(kind("RDS-EVENT-0089", Instance).map(|k| k.0), Some(Warning));
        assert_eq!(kind("RDS-EVENT-0221", Instance), Some((Fault, Customer)));
        // Stopped by a person; patched by AWS.
        assert_eq!(kind("RDS-EVENT-0087", Instance).map(|k| k.0), Some(Change));
        assert_eq!(
            kind("RDS-EVENT-0173", Cluster).map(|k| k.0),
            Some(Maintenance)
        );
        assert_eq!(
            kind(" RDS-EVENT-0173", Instance).map(|k| k.0),
            Some(Maintenance)
        );
        assert_eq!(kind("RDS-EVENT-9999", Instance), None);
        assert_eq!(kind("not an id", Instance), None);
    }

    #[test]
    fn the_catalogue_is_sorted_and_each_id_listed_once_per_source() {
        for pair in RDS_EVENTS.windows(2) {
            let key = |d: &RdsEventDoc| (d.number, d.source == Cluster);
            assert!(
                key(&pair[0]) < key(&pair[1]),
                "{:?} / {:?}",
                pair[0],
                pair[1]
            );
        }
        assert!(RDS_EVENTS.len() > 200);
    }
}
