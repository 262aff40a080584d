//! SPEC "Minimum behaviour of the bundled rules", one test per item (1–32), on
//! the engine with the bundled rules and otherwise neutral answers; and the
//! clinical-soundness principles a test can state.

use boundcheck::rules::engine::Assessment;
use boundcheck::rules::Level::{self, *};

use crate::common::{assess, level};

fn cites(a: &Assessment, rationale: &str) -> bool {
    a.rationales.iter().any(|r| r == rationale)
}

fn between(l: Level, lo: Level, hi: Level) -> bool {
    lo <= l && l <= hi
}

fn all_text(a: &Assessment) -> String {
    let mut s: Vec<&str> = a.findings.iter().map(|f| f.because.as_str()).collect();
    s.extend(a.safeguards().map(|t| t.text.as_str()));
    s.extend(a.reply.as_deref());
    s.join(" ").to_lowercase()
}

#[test]
fn item_1_a_hint_of_risk_is_an_emergency_and_nothing_more_is_asked() {
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
    assert!(
        unsure.reply.is_some(),
        "unsure comes with a short message to send"
    );
    assert!(cites(&yes, "emergency") && cites(&unsure, "emergency"));
    // The distance case: find out where they are; emergency services there.
    for a in [&yes, &unsure] {
        let text = all_text(a);
        assert!(text.contains("where"), "{text}");
    }
}

#[test]
fn item_2_romance_with_a_current_or_prospective_client_or_someone_close() {
    assert_eq!(level(&[("contact", "romantic")]), Prohibited);
    assert!(level(&[("contact", "romantic"), ("client_status", "prospective")]) >= Decline);
    assert_eq!(
        level(&[
            ("contact", "romantic"),
            ("romantic_with", "close_to_client")
        ]),
        Prohibited
    );
    let close_former = |code: &str| {
        level(&[
            ("contact", "romantic"),
            ("romantic_with", "close_to_client"),
            ("client_status", "former"),
            ("ethics_code", code),
        ])
    };
    assert_eq!(close_former("aamft"), Prohibited);
    for code in ["apa", "aca", "nasw", "bacp", "crpo", "other"] {
        assert!(close_former(code) >= Decline, "{code}");
    }
    assert!(
        level(&[
            ("contact", "romantic"),
            ("romantic_with", "close_to_client"),
            ("client_status", "prospective")
        ]) >= Decline
    );
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
    for code in ["aca", "crpo"] {
        assert_eq!(former(code, "59"), Prohibited, "{code}");
    }
    for months in ["60", "300"] {
        assert!(between(former("aca", months), Consult, Decline));
        assert_eq!(former("crpo", months), Decline);
    }
    for months in ["0", "30", "70", "600"] {
        assert_eq!(former("nasw", months), Prohibited, "nasw at {months}");
        assert_eq!(former("aamft", months), Prohibited, "aamft at {months}");
        assert_eq!(former("bacp", months), Decline, "bacp at {months}");
        assert!(former("other", months) >= Decline, "other at {months}");
    }
}

#[test]
fn item_4_social_media_connections() {
    let sm = [("contact", "social_media"), ("purpose", "personal")];
    assert_eq!(level(&sm), Decline);
    assert_eq!(level(&[sm[0], sm[1], ("ethics_code", "aca")]), Prohibited);
    assert_eq!(level(&[sm[0], sm[1], ("client_status", "former")]), Decline);
    assert_eq!(
        level(&[
            sm[0],
            sm[1],
            ("client_status", "former"),
            ("ethics_code", "aca")
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
    for purpose in ["clinical", "personal", "unclear", "distress"] {
        let a = assess(&[("frequency", "frequent"), ("purpose", purpose)]);
        assert!(a.recommendation >= Safeguards, "{purpose}");
        assert!(cites(&a, "dependency"), "{purpose}");
        for v in ["yes", "unsure"] {
            assert!(
                level(&[
                    ("frequency", "frequent"),
                    ("purpose", purpose),
                    ("client_vulnerability", v)
                ]) >= Consult,
                "{purpose} {v}"
            );
        }
    }
    // Planned contact exempts clinical contact only ...
    let planned = assess(&[
        ("frequency", "frequent"),
        ("purpose", "clinical"),
        ("clinical_rationale", "yes"),
    ]);
    assert!(
        !planned
            .findings
            .iter()
            .any(|f| f.rationale == "dependency" && f.level > Proceed),
        "planned clinical contact is treatment"
    );
    // ... never personal contact, never a vulnerable client below safeguards.
    assert!(
        level(&[
            ("frequency", "frequent"),
            ("purpose", "personal"),
            ("clinical_rationale", "yes")
        ]) >= Safeguards
    );
    for v in ["yes", "unsure"] {
        assert!(
            level(&[
                ("frequency", "frequent"),
                ("purpose", "clinical"),
                ("clinical_rationale", "yes"),
                ("client_vulnerability", v)
            ]) >= Safeguards
        );
        assert!(
            level(&[
                ("frequency", "frequent"),
                ("purpose", "personal"),
                ("clinical_rationale", "yes"),
                ("client_vulnerability", v),
                ("after_hours", "yes")
            ]) >= Consult
        );
    }
}

#[test]
fn item_9_a_personal_stake_means_consult_except_a_token_gift_or_a_chance_meeting() {
    for contact in [
        "message",
        "invitation",
        "online_search",
        "business",
        "barter",
        "social",
    ] {
        for stake in ["yes", "unsure"] {
            let a = assess(&[("contact", contact), ("personal_interest", stake)]);
            assert!(a.recommendation >= Consult, "{contact} {stake}");
            assert!(cites(&a, "objectivity"), "{contact} {stake}");
        }
    }
    for (contact, initiated) in [("gift", "client"), ("chance_encounter", "chance")] {
        for stake in ["yes", "unsure"] {
            let a = assess(&[
                ("contact", contact),
                ("initiated_by", initiated),
                ("personal_interest", stake),
            ]);
            assert_eq!(a.recommendation, Safeguards, "{contact} {stake}");
            assert!(cites(&a, "objectivity"));
        }
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
fn item_11_clinical_or_distress_content_on_an_unapproved_channel() {
    for purpose in ["clinical", "distress"] {
        for approved in ["no", "unsure"] {
            let a = assess(&[("purpose", purpose), ("channel_approved", approved)]);
            assert!(a.recommendation >= Safeguards, "{purpose} {approved}");
            assert!(cites(&a, "confidentiality"), "{purpose} {approved}");
        }
        // A personal social media account is never an approved channel.
        let a = assess(&[("contact", "social_media"), ("purpose", purpose)]);
        assert!(cites(&a, "confidentiality"), "social media {purpose}");
    }
}

#[test]
fn item_12_a_chance_encounter() {
    let a = assess(&[("contact", "chance_encounter"), ("initiated_by", "chance")]);
    assert_eq!(a.recommendation, Safeguards);
    assert!(cites(&a, "confidentiality"));
    let again = assess(&[
        ("contact", "chance_encounter"),
        ("initiated_by", "chance"),
        ("unavoidable", "yes"),
    ]);
    assert_eq!(again.recommendation, Safeguards);
    assert!(
        again.findings.len() > a.findings.len(),
        "a finding of its own for meetings that keep happening"
    );
}

#[test]
fn item_13_an_invitation() {
    assert_eq!(level(&[("contact", "invitation")]), Consult);
    for cultural in ["yes", "no", "unsure"] {
        for rationale in ["yes", "no", "unsure"] {
            for vulnerable in ["yes", "no", "unsure"] {
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
    assert!(between(
        level(&[search[0], search[1], ("clinical_rationale", "yes")]),
        Safeguards,
        Consult
    ));
}

#[test]
fn item_15_friendship() {
    for status in ["current", "prospective"] {
        let a = assess(&[("contact", "social"), ("client_status", status)]);
        assert_eq!(a.recommendation, Decline, "{status}");
        assert!(cites(&a, "dual_relationships"));
        let unavoidable = assess(&[
            ("contact", "social"),
            ("client_status", status),
            ("unavoidable", "yes"),
        ]);
        assert_eq!(
            unavoidable.recommendation, Decline,
            "{status}: the level stays"
        );
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
    for policy in ["no", "unsure"] {
        assert_eq!(
            level(&[
                out,
                ("clinical_rationale", "yes"),
                ("policy_covers", policy)
            ]),
            Consult
        );
    }
    assert_eq!(level(&[out]), Decline);
    let text = all_text(&assess(&[out, ("clinical_rationale", "yes")]));
    assert!(
        text.contains("video"),
        "asks whether secure video could serve: {text}"
    );
}

#[test]
fn item_18_no_written_policy() {
    for policy in ["no", "unsure"] {
        let a = assess(&[("policy_covers", policy)]);
        assert_eq!(a.recommendation, Safeguards, "{policy}");
        assert!(cites(&a, "ethical_conduct"), "{policy}");
        let f = a
            .findings
            .iter()
            .find(|f| f.rationale == "ethical_conduct")
            .unwrap();
        assert_eq!(
            f.safeguards.len(),
            1,
            "one safeguard: write it into your policy"
        );
        let text = f.safeguards[0].text.to_lowercase();
        assert!(text.contains("consent") && text.contains("polic"), "{text}");
    }
}

#[test]
fn item_19_distress_is_never_deferred() {
    let a = assess(&[("purpose", "distress")]);
    assert!(a.recommendation >= Safeguards);
    let first = a.todo.first().expect("something to do").text.to_lowercase();
    assert!(
        first.contains("today") || first.contains("same day"),
        "a brief reply the same day first: {first}"
    );
    let reply = a.reply.clone().expect("words to send").to_lowercase();
    assert!(
        !reply.contains("next session") || reply.contains("crisis") || reply.contains("emergency"),
        "{reply}"
    );
    assert!(
        reply.contains("crisis") || reply.contains("emergency") || reply.contains("helpline"),
        "names crisis resources: {reply}"
    );
}

#[test]
fn item_20_a_duty_to_report_is_consult_and_never_waits() {
    let a = assess(&[("imminent_risk", "report")]);
    assert!(a.recommendation >= Consult);
    assert!(cites(&a, "ethical_conduct") && cites(&a, "emergency"));
    assert!(a.answers.len() > 1, "report does not end the questions");
    assert!(
        a.todo
            .iter()
            .any(|t| t.urgency == boundcheck::rules::model::Urgency::Now),
        "something to do now"
    );
}

fn third(role: &str, wants: &str, extra: &[(&'static str, &'static str)]) -> Assessment {
    let mut changes: Vec<(&str, &str)> = vec![
        ("contact", "third_party"),
        ("third_party_role", role),
        ("third_party_wants", wants),
    ];
    changes.extend_from_slice(extra);
    assess(&changes)
}

#[test]
fn item_21_someone_asking_about_a_client_without_a_release() {
    for role in [
        "partner_family",
        "employer",
        "professional",
        "other",
        "school",
    ] {
        for release in ["no", "unsure"] {
            for wants in ["information", "records", "letter"] {
                let a = third(role, wants, &[("release_on_file", release)]);
                assert_eq!(a.recommendation, Decline, "{role} {wants} {release}");
                assert!(cites(&a, "confidentiality"));
            }
            assert_eq!(
                third(role, "confirm", &[("release_on_file", release)]).recommendation,
                Safeguards,
                "{role} confirm {release}"
            );
        }
        assert_eq!(
            third(role, "information", &[("release_on_file", "yes")]).recommendation,
            Safeguards,
            "{role} with a release"
        );
    }
}

#[test]
fn item_22_someone_who_wants_to_tell_you_something() {
    for role in [
        "partner_family",
        "school",
        "employer",
        "professional",
        "other",
        "parent_guardian",
    ] {
        let a = third(role, "tell", &[]);
        assert_eq!(a.recommendation, Safeguards, "{role}");
    }
}

#[test]
fn item_23_lawyers_courts_police_and_the_media() {
    for role in ["lawyer_court", "police"] {
        for process in ["subpoena", "none", "unsure", "court_order"] {
            let a = third(role, "records", &[("legal_process", process)]);
            assert_eq!(a.recommendation, Consult, "{role} {process}");
            assert!(
                cites(&a, "confidentiality") && cites(&a, "ethical_conduct"),
                "{role} {process}"
            );
        }
    }
    let media = third("media", "information", &[]);
    assert_eq!(media.recommendation, Decline);
    assert!(cites(&media, "confidentiality"));
}

#[test]
fn item_24_a_minors_parent_or_guardian() {
    let minor = [("client_minor", "yes")];
    for wants in ["information", "records", "confirm"] {
        let agreed = third(
            "parent_guardian",
            wants,
            &[minor[0], ("guardian_agreement", "yes")],
        );
        assert_eq!(agreed.recommendation, Safeguards, "{wants}");
        assert!(cites(&agreed, "confidentiality"));
        for g in ["no", "unsure"] {
            assert_eq!(
                third(
                    "parent_guardian",
                    wants,
                    &[minor[0], ("guardian_agreement", g)]
                )
                .recommendation,
                Consult,
                "{wants} {g}"
            );
        }
    }
}

#[test]
fn item_25_a_letter_in_a_dispute_is_declined() {
    for dispute in ["yes", "unsure"] {
        for role in ["parent_guardian", "partner_family", "lawyer_court"] {
            let mut extra = vec![("legal_dispute", dispute), ("release_on_file", "yes")];
            if role == "lawyer_court" {
                extra.push(("legal_process", "subpoena"));
            }
            let a = third(role, "letter", &extra);
            assert_eq!(a.recommendation, Decline, "{role} {dispute}");
            assert!(
                cites(&a, "dual_relationships") && cites(&a, "objectivity"),
                "{role} {dispute}"
            );
        }
    }
    // Under a court order, item 23 applies.
    let ordered = third(
        "lawyer_court",
        "letter",
        &[("legal_dispute", "yes"), ("legal_process", "court_order")],
    );
    assert_eq!(ordered.recommendation, Consult);
}

#[test]
fn item_26_secrets_in_couple_family_or_group_work() {
    let member = |request: &'static str, policy: &'static str| {
        let mut c = vec![
            ("initiated_by", "member"),
            ("purpose", "personal"),
            ("secret_request", request),
        ];
        if !policy.is_empty() {
            c.push(("secrets_policy", policy));
        }
        assess(&c)
    };
    let no_secrets = member("secret", "no_secrets");
    assert_eq!(no_secrets.recommendation, Safeguards);
    assert!(cites(&no_secrets, "objectivity") && cites(&no_secrets, "confidentiality"));
    for policy in ["limited", "none_agreed", "unsure"] {
        assert_eq!(member("secret", policy).recommendation, Consult, "{policy}");
    }
    for policy in ["no_secrets", "limited", "none_agreed", "unsure"] {
        assert_eq!(
            member("separate_contact", policy).recommendation,
            Consult,
            "separate contact, {policy}"
        );
    }
}

#[test]
fn item_27_a_clinical_call_with_a_client_somewhere_else() {
    for location in ["elsewhere_not", "unknown"] {
        for purpose in ["clinical", "distress"] {
            let a = assess(&[
                ("contact", "call"),
                ("purpose", purpose),
                ("client_location", location),
            ]);
            assert!(a.recommendation >= Consult, "{location} {purpose}");
            assert!(cites(&a, "ethical_conduct"));
        }
    }
    assert_eq!(
        level(&[
            ("contact", "call"),
            ("purpose", "clinical"),
            ("client_location", "elsewhere_ok")
        ]),
        Safeguards
    );
}

#[test]
fn item_28_the_therapists_online_presence_and_dating_apps() {
    for venue in ["personal_social", "other"] {
        assert_eq!(
            level(&[("contact", "online_presence"), ("online_venue", venue)]),
            Safeguards,
            "{venue}"
        );
    }
    for status in ["current", "prospective", "former"] {
        let a = assess(&[
            ("contact", "online_presence"),
            ("online_venue", "dating_app"),
            ("client_status", status),
        ]);
        assert_eq!(a.recommendation, Decline, "{status}");
    }
}

#[test]
fn item_29_reviews() {
    let review = |action: &'static str, status: &'static str, code: &'static str| {
        level(&[
            ("contact", "review"),
            ("review_action", action),
            ("client_status", status),
            ("ethics_code", code),
        ])
    };
    for code in ["apa", "aca", "crpo"] {
        assert_eq!(review("reply_details", "current", code), Prohibited);
        assert_eq!(review("reply_general", "current", code), Safeguards);
        assert_eq!(review("private", "current", code), Consult);
        assert_eq!(review("request", "current", code), Prohibited);
        assert_eq!(review("request", "prospective", code), Prohibited);
    }
    assert_eq!(review("request", "former", "aca"), Prohibited);
    assert_eq!(review("request", "former", "crpo"), Prohibited);
    assert_eq!(review("request", "former", "apa"), Decline);
    assert_eq!(review("reuse", "former", "apa"), Decline);
    assert_eq!(review("reuse", "former", "crpo"), Prohibited);
}

#[test]
fn item_30_treating_someone_close_to_a_client_or_to_you() {
    let client = assess(&[
        ("contact", "treat_associate"),
        ("associate", "client_associate"),
        ("client_status", "prospective"),
    ]);
    assert_eq!(client.recommendation, Consult);
    assert!(cites(&client, "objectivity") && cites(&client, "confidentiality"));
    let own = assess(&[
        ("contact", "treat_associate"),
        ("associate", "own_associate"),
        ("client_status", "prospective"),
    ]);
    assert_eq!(own.recommendation, Decline);
    assert!(cites(&own, "dual_relationships"));
}

#[test]
fn item_31_unwanted_contact() {
    let a = assess(&[("contact", "unwanted_contact")]);
    assert!(a.recommendation >= Consult);
    assert!(cites(&a, "well_being"));
    assert!(all_text(&a).contains("safe"), "your safety first");
}

#[test]
fn item_32_clinical_content_between_sessions() {
    let a = assess(&[("purpose", "clinical")]);
    assert_eq!(a.recommendation, Safeguards);
    assert!(cites(&a, "dependency"));
    assert!(a.reply.is_some(), "a short, kind reply");
}

#[test]
fn p5_findings_most_serious_first() {
    let a = assess(&[
        ("contact", "gift"),
        ("gift_value", "substantial"),
        ("personal_interest", "yes"),
        ("policy_covers", "no"),
    ]);
    let levels: Vec<Level> = a.findings.iter().map(|f| f.level).collect();
    assert!(levels.windows(2).all(|w| w[0] >= w[1]), "{levels:?}");
}

#[test]
fn p6_at_most_five_things_to_do_the_urgent_first() {
    let cases: &[&[(&str, &str)]] = &[
        &[
            ("frequency", "frequent"),
            ("purpose", "personal"),
            ("client_vulnerability", "yes"),
            ("after_hours", "yes"),
            ("therapist_depleted", "yes"),
            ("policy_covers", "no"),
            ("channel_approved", "no"),
        ],
        &[
            ("purpose", "distress"),
            ("channel_approved", "no"),
            ("after_hours", "yes"),
            ("therapist_depleted", "yes"),
        ],
        &[
            ("contact", "invitation"),
            ("personal_interest", "yes"),
            ("client_vulnerability", "yes"),
            ("cultural_meaning", "yes"),
            ("policy_covers", "unsure"),
        ],
    ];
    for c in cases {
        let a = assess(c);
        assert!(a.todo.len() <= 5, "{c:?}: {} things to do", a.todo.len());
        let urgencies: Vec<_> = a.todo.iter().map(|t| t.urgency).collect();
        assert!(
            urgencies.windows(2).all(|w| w[0] <= w[1]),
            "now → next → record: {urgencies:?}"
        );
        let mut seen = std::collections::HashSet::new();
        for t in a.safeguards() {
            assert!(
                seen.insert(boundcheck::rules::engine::normalise(&t.text)),
                "shown once: {}",
                t.text
            );
        }
    }
}

#[test]
fn p7_words_fit_a_former_or_prospective_client() {
    let banned = boundcheck::rules::verify::NOT_IN_THERAPY;
    for status in ["former", "prospective"] {
        for contact in [
            "message",
            "call",
            "social_media",
            "chance_encounter",
            "gift",
            "invitation",
            "social",
            "business",
            "barter",
            "online_search",
            "outside_setting",
        ] {
            for purpose in ["clinical", "personal", "distress"] {
                let a = assess(&[
                    ("client_status", status),
                    ("contact", contact),
                    ("purpose", purpose),
                ]);
                let text = all_text(&a);
                for phrase in banned {
                    assert!(
                        !text.contains(phrase),
                        "{status} {contact} {purpose}: \"{phrase}\" in {text}"
                    );
                }
            }
        }
    }
}

#[test]
fn p8_honesty_is_not_punished_for_a_token_gift_or_a_chance_meeting() {
    for (contact, initiated) in [("gift", "client"), ("chance_encounter", "chance")] {
        for (q, v) in [
            ("personal_interest", "yes"),
            ("personal_interest", "unsure"),
            ("therapist_depleted", "yes"),
        ] {
            assert!(
                level(&[("contact", contact), ("initiated_by", initiated), (q, v)]) <= Safeguards,
                "{contact} {q} {v}"
            );
        }
    }
}

#[test]
fn p9_the_governing_codes_references_come_first_and_others_are_labelled() {
    let a = assess(&[
        ("contact", "social_media"),
        ("purpose", "personal"),
        ("ethics_code", "aca"),
    ]);
    if a.references.iter().any(|r| r.other_code) {
        let first_other = a.references.iter().position(|r| r.other_code).unwrap();
        assert!(
            a.references[..first_other]
                .iter()
                .all(|r| r.text.starts_with("ACA")),
            "{:?}",
            a.references
        );
        assert!(a.references[first_other..].iter().all(|r| r.other_code));
    }
}

#[test]
fn the_bundled_rules_verify_clean() {
    let report = boundcheck::rules::verify::verify(crate::common::bundled());
    let broken: Vec<String> = report
        .broken
        .iter()
        .map(|c| format!("{}: {}", c.property, c.what))
        .collect();
    assert!(broken.is_empty(), "{broken:#?}");
}
