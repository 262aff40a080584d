//! SPEC "Minimum behaviour of the bundled rules", one test per item, on the
//! engine with the bundled rules and otherwise neutral answers.

use boundcheck::rules::engine::Assessment;
use boundcheck::rules::Level::{self, *};

use crate::common::{assess, level};

fn cites(a: &Assessment, rationale: &str) -> bool {
    a.rationales.iter().any(|r| r == rationale)
}

fn between(l: Level, lo: Level, hi: Level) -> bool {
    lo <= l && l <= hi
}

#[test]
fn item_1_imminent_risk_is_an_emergency_and_nothing_more_is_asked() {
    let yes = assess(&[("imminent_risk", "yes")]);
    assert_eq!(yes.recommendation, Emergency);
    assert_eq!(yes.answers.len(), 1, "only imminent_risk was asked");
    let unsure = assess(&[("imminent_risk", "unsure")]);
    assert_eq!(unsure.recommendation, Emergency);
    assert_eq!(unsure.answers.len(), 1);
    assert_ne!(
        yes.findings[0].id, unsure.findings[0].id,
        "unsure has its own text"
    );
    assert!(cites(&yes, "emergency") && cites(&unsure, "emergency"));
}

#[test]
fn item_2_romance_with_a_current_or_prospective_client() {
    assert_eq!(level(&[("contact", "romantic")]), Prohibited);
    assert!(level(&[("contact", "romantic"), ("client_status", "prospective")]) >= Decline);
}

#[test]
fn item_3_romance_with_a_former_client_follows_the_code() {
    let former = |code: &str, months: &str| {
        level(&[
            ("contact", "romantic"),
            ("client_status", "former"),
            ("ethics_code", code),
            ("months_since_end", months),
        ])
    };
    assert_eq!(former("apa", "23"), Prohibited);
    assert_eq!(former("apa", "24"), Decline);
    assert_eq!(former("apa", "200"), Decline);
    assert_eq!(former("aca", "59"), Prohibited);
    assert!(between(former("aca", "60"), Consult, Decline));
    assert!(between(former("aca", "300"), Consult, Decline));
    for months in ["0", "30", "70", "600"] {
        assert_eq!(former("nasw", months), Prohibited, "nasw at {months}");
        assert_eq!(former("aamft", months), Prohibited, "aamft at {months}");
        assert!(former("other", months) >= Decline, "other at {months}");
    }
}

#[test]
fn item_4_social_media_connections() {
    assert_eq!(
        level(&[("contact", "social_media"), ("purpose", "personal")]),
        Decline
    );
    assert_eq!(
        level(&[
            ("contact", "social_media"),
            ("purpose", "personal"),
            ("ethics_code", "aca")
        ]),
        Prohibited
    );
    assert_eq!(
        level(&[
            ("contact", "social_media"),
            ("purpose", "personal"),
            ("client_status", "former")
        ]),
        Decline
    );
}

#[test]
fn item_5_business_with_a_current_client() {
    let a = assess(&[("contact", "business")]);
    assert_eq!(a.recommendation, Decline);
    assert!(cites(&a, "dual_relationships"));
    assert!(between(
        level(&[("contact", "business"), ("unavoidable", "yes")]),
        Consult,
        Decline
    ));
}

#[test]
fn item_6_gifts_by_value() {
    let token = assess(&[("contact", "gift")]);
    assert!(token.recommendation <= Safeguards);
    let modest = assess(&[("contact", "gift"), ("gift_value", "modest")]);
    assert!(between(modest.recommendation, Safeguards, Consult));
    assert!(cites(&modest, "dual_relationships"));
    let substantial = assess(&[("contact", "gift"), ("gift_value", "substantial")]);
    assert_eq!(substantial.recommendation, Decline);
    assert!(cites(&substantial, "dual_relationships"));
}

#[test]
fn item_7_a_logistics_message_in_hours_proceeds() {
    let a = assess(&[]);
    assert_eq!(a.recommendation, Proceed);
    assert!(a.findings.iter().all(|f| f.level == Proceed));
}

#[test]
fn item_8_frequent_contact_and_dependency() {
    let frequent = [("frequency", "frequent"), ("purpose", "personal")];
    let a = assess(&frequent);
    assert!(a.recommendation >= Safeguards);
    assert!(cites(&a, "dependency"));
    let vulnerable = [frequent[0], frequent[1], ("client_vulnerability", "yes")];
    assert!(level(&vulnerable) >= Consult);
    let planned = assess(&[
        ("frequency", "frequent"),
        ("purpose", "clinical"),
        ("clinical_rationale", "yes"),
    ]);
    let concern = planned
        .findings
        .iter()
        .any(|f| f.rationale == "dependency" && f.level > Proceed);
    assert!(!concern, "planned contact is treatment, not dependency");
    assert_eq!(planned.recommendation, Proceed);
}

#[test]
fn item_9_a_personal_stake_means_consult() {
    for contact in [
        "message",
        "gift",
        "invitation",
        "chance_encounter",
        "online_search",
    ] {
        let a = assess(&[("contact", contact), ("personal_interest", "yes")]);
        assert!(a.recommendation >= Consult, "{contact}");
        assert!(cites(&a, "objectivity"), "{contact}");
    }
}

#[test]
fn item_10_a_depleted_therapist_after_hours() {
    let a = assess(&[
        ("therapist_depleted", "yes"),
        ("after_hours", "yes"),
        ("purpose", "personal"),
    ]);
    assert!(a.recommendation >= Safeguards);
    assert!(cites(&a, "well_being"));
}

#[test]
fn item_11_clinical_content_on_an_unapproved_channel() {
    for approved in ["no", "unsure"] {
        let a = assess(&[("purpose", "clinical"), ("channel_approved", approved)]);
        assert!(a.recommendation >= Safeguards, "{approved}");
        assert!(cites(&a, "confidentiality"), "{approved}");
    }
}

#[test]
fn item_12_a_chance_encounter() {
    let a = assess(&[("contact", "chance_encounter"), ("initiated_by", "chance")]);
    assert_eq!(a.recommendation, Safeguards);
    assert!(cites(&a, "confidentiality"));
    assert!(
        a.reply.is_some(),
        "a chance encounter comes with words to use"
    );
}

#[test]
fn item_13_an_invitation() {
    assert_eq!(level(&[("contact", "invitation")]), Consult);
    for cultural in ["yes", "no", "unsure"] {
        for rationale in ["yes", "no", "unsure"] {
            for vulnerable in ["yes", "no"] {
                let l = level(&[
                    ("contact", "invitation"),
                    ("cultural_meaning", cultural),
                    ("clinical_rationale", rationale),
                    ("client_vulnerability", vulnerable),
                ]);
                assert!(
                    between(l, Safeguards, Decline),
                    "{cultural} {rationale} {vulnerable}: {l}"
                );
            }
        }
    }
}

#[test]
fn item_14_searching_for_a_client_online() {
    let search = [("contact", "online_search"), ("initiated_by", "therapist")];
    assert_eq!(level(&search), Decline);
    let l = level(&[search[0], search[1], ("clinical_rationale", "yes")]);
    assert!(between(l, Safeguards, Consult));
}

#[test]
fn item_15_friendship() {
    for status in ["current", "prospective"] {
        let a = assess(&[("contact", "social"), ("client_status", status)]);
        assert_eq!(a.recommendation, Decline, "{status}");
        assert!(cites(&a, "dual_relationships"));
    }
    let former = assess(&[("contact", "social"), ("client_status", "former")]);
    assert!(former.recommendation >= Consult);
    assert!(cites(&former, "dual_relationships"));
}

#[test]
fn item_16_barter() {
    let client = assess(&[("contact", "barter")]);
    assert!(client.recommendation >= Consult);
    assert!(cites(&client, "dual_relationships"));
    assert_eq!(
        level(&[("contact", "barter"), ("initiated_by", "therapist")]),
        Decline
    );
}

#[test]
fn item_17_work_outside_the_office() {
    let out = ("contact", "outside_setting");
    assert_eq!(level(&[out, ("clinical_rationale", "yes")]), Safeguards);
    assert!(between(
        level(&[out, ("clinical_rationale", "yes"), ("policy_covers", "no")]),
        Safeguards,
        Consult
    ));
    assert_eq!(level(&[out]), Decline);
}

#[test]
fn item_18_no_written_policy() {
    for policy in ["no", "unsure"] {
        let a = assess(&[("policy_covers", policy)]);
        assert!(cites(&a, "ethical_conduct"), "{policy}");
        let text = a
            .safeguards()
            .map(|s| s.text.as_str())
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
        assert!(
            text.contains("consent") && text.contains("polic"),
            "a safeguard about the written policy: {text}"
        );
    }
}

#[test]
fn suggested_replies_exist_for_the_common_contacts() {
    let cases: &[&[(&str, &str)]] = &[
        &[("contact", "social_media"), ("purpose", "personal")],
        &[("contact", "gift")],
        &[("contact", "gift"), ("gift_value", "substantial")],
        &[("contact", "invitation")],
        &[("purpose", "personal"), ("after_hours", "yes")],
        &[("contact", "chance_encounter"), ("initiated_by", "chance")],
        &[("contact", "business")],
    ];
    for c in cases {
        assert!(assess(c).reply.is_some(), "no suggested reply for {c:?}");
    }
}
