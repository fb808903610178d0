//! The CSV import on fixtures written for each shape and each bad input,
//! checked against figures worked out by hand (the arithmetic is in the
//! comments), and a property test that the three shapes agree.

use chrono::NaiveDate;
use funnelcheck::import::{
    DateOrder, Days, Encoding, Figures, Import, ImportError, LossCount, Mode, NO_REASON, Options,
    Shape, SkipReason, import,
};
use proptest::prelude::*;

const STAGES: [&str; 4] = ["Lead", "Qualified", "Proposal", "Customer"];

fn opts() -> Options {
    Options {
        stages: STAGES.iter().map(|s| s.to_string()).collect(),
        ..Options::default()
    }
}

fn day(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

fn fixture(name: &str) -> Vec<u8> {
    let path = format!(
        "{}/tests/fixtures/import/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn run(name: &str, o: &Options) -> Result<Import, ImportError> {
    import(fixture(name).as_slice(), o)
}

fn losses(list: &[(&str, u64)]) -> Vec<LossCount> {
    list.iter()
        .map(|(r, c)| LossCount {
            reason: r.to_string(),
            count: *c,
        })
        .collect()
}

fn days(mean: f64, median: f64, records: u64) -> Option<Days> {
    Some(Days {
        mean,
        median,
        records,
    })
}

fn segment<'a>(imp: &'a Import, key: &str) -> &'a Figures {
    &imp.segments
        .iter()
        .find(|s| s.key == [key.to_string()])
        .unwrap_or_else(|| panic!("no segment {key}: {:?}", imp.segments))
        .figures
}

fn lines(imp: &Import, why: SkipReason) -> (u64, Vec<u64>) {
    imp.preview
        .skipped_for(why)
        .map_or((0, vec![]), |t| (t.count, t.first_lines.clone()))
}

#[test]
fn shape1_cohort_counts_deal_size_losses_and_segments() {
    let mut o = opts();
    o.mode = Mode::Cohort;
    o.from = day(2026, 1, 1);
    o.to = day(2026, 3, 31);
    o.segments = vec!["Region".into()];
    let imp = run("shape1_deals.csv", &o).unwrap();
    let p = &imp.preview;
    assert_eq!(p.shape, Shape::PerRecord);
    assert_eq!(p.delimiter, ',');
    assert_eq!(p.encoding, Encoding::Utf8);
    // 9 data rows + 2 empty trailing rows; D2 again on line 9; D8 created
    // 2025-12-20, before the period, on line 10.
    assert_eq!(p.rows_read, 11);
    assert_eq!(p.rows_used, 7);
    assert_eq!(lines(&imp, SkipReason::EmptyRow), (2, vec![11, 12]));
    assert_eq!(lines(&imp, SkipReason::DuplicateId), (1, vec![9]));
    assert_eq!(lines(&imp, SkipReason::OutsidePeriod), (1, vec![10]));
    assert_eq!(p.rows_read, p.rows_used + p.skipped_total());
    // Furthest stages: D1 Lead, D2 Qualified, D3 Proposal, D4 won, D5 won
    // ("Closed Won"), D6 Proposal, D7 Qualified.
    // Lead 7; Qualified all but D1 = 6; Proposal D3 D4 D5 D6 = 4; won 2.
    assert_eq!(imp.whole.counts, vec![7, 6, 4, 2]);
    // Won amounts 12,000.00 and 8000: (12000 + 8000) / 2.
    assert_eq!(imp.whole.deal_size, Some(10_000.0));
    assert_eq!(imp.whole.won_with_amount, 2);
    // D2 lost leaving Qualified (step 1) for Price; D3 (no reason) and D6
    // leaving Proposal (step 2).
    assert_eq!(imp.whole.losses[0], vec![]);
    assert_eq!(imp.whole.losses[1], losses(&[("Price", 1)]));
    assert_eq!(
        imp.whole.losses[2],
        losses(&[("Lost to Competitor!", 1), (NO_REASON, 1)])
    );
    // No per-stage dates in shape 1.
    assert_eq!(imp.whole.days, vec![None, None, None]);
    // North: D1 D2 D4 D7 → 4, 3 (D2 D4 D7), 1 (D4), 1. South: D3 D5 D6 → 3, 3, 3, 1.
    let north = segment(&imp, "North");
    let south = segment(&imp, "South");
    assert_eq!(north.counts, vec![4, 3, 1, 1]);
    assert_eq!(south.counts, vec![3, 3, 3, 1]);
    assert_eq!(north.deal_size, Some(12_000.0));
    assert_eq!(south.deal_size, Some(8_000.0));
    assert_eq!(south.losses[2].iter().map(|l| l.count).sum::<u64>(), 2);
    assert!(
        p.notes
            .iter()
            .any(|n| n.contains("days per stage are not computed")),
        "{:?}",
        p.notes
    );
}

#[test]
fn shape1_flow_uses_the_created_date_for_every_stage_and_says_so() {
    let mut o = opts();
    o.mode = Mode::Flow;
    o.from = day(2026, 1, 1);
    o.to = day(2026, 3, 31);
    let imp = run("shape1_deals.csv", &o).unwrap();
    assert_eq!(imp.whole.counts, vec![7, 6, 4, 2]);
    assert!(
        imp.preview.notes.iter().any(|n| n.contains("created date")),
        "{:?}",
        imp.preview.notes
    );
}

#[test]
fn shape2_hubspot_semicolon_day_first_cohort() {
    let mut o = opts();
    o.mode = Mode::Cohort;
    o.segments = vec!["Industry".into()];
    let imp = run("shape2_hubspot_semicolon.csv", &o).unwrap();
    let p = &imp.preview;
    assert_eq!(p.shape, Shape::DateEntered);
    assert_eq!(p.delimiter, ';');
    // "15/01/2026" on the first row proves day-first.
    assert_eq!(p.date_order, DateOrder::DayFirst);
    assert_eq!((p.rows_read, p.rows_used), (6, 6));
    // Lead all 6; Qualified H1 H2 H3 (its Proposal date implies it) H4 H5 = 5;
    // Proposal H1 H2 H3 H4 = 4; won H2 H4 = 2.
    assert_eq!(imp.whole.counts, vec![6, 5, 4, 2]);
    // H3 has no Qualified date but reached Proposal: passed, reported.
    assert_eq!(p.skipped_predecessors.count, 1);
    assert_eq!(p.skipped_predecessors.first_lines, vec![4]);
    // Lead→Qualified: H1 3, H2 7, H4 1, H5 10 days: mean 21/4, median (3+7)/2.
    // Qualified→Proposal: H1 10, H2 10, H4 10. Proposal→won: H2 10 (20→30 Jan),
    // H4 20 (16 Jan→5 Feb): mean 15, median 15.
    assert_eq!(
        imp.whole.days,
        vec![days(5.25, 5.0, 4), days(10.0, 10.0, 3), days(15.0, 15.0, 2)]
    );
    // Won amounts 10000 and "20.000,00": 15000.
    assert_eq!(imp.whole.deal_size, Some(15_000.0));
    // H6 lost at Lead without a reason; H3 lost at Proposal for Price.
    assert_eq!(imp.whole.losses[0], losses(&[(NO_REASON, 1)]));
    assert_eq!(imp.whole.losses[1], vec![]);
    assert_eq!(imp.whole.losses[2], losses(&[("Price", 1)]));
    // Retail H1 H2 H6: 3, 2, 2, 1; Tech H3 H4 H5: 3, 3, 2, 1.
    let retail = segment(&imp, "Retail");
    let tech = segment(&imp, "Tech");
    assert_eq!(retail.counts, vec![3, 2, 2, 1]);
    assert_eq!(tech.counts, vec![3, 3, 2, 1]);
    // Lead→Qualified: Retail H1 3, H2 7 → 5; Tech H4 1, H5 10 → 5.5.
    assert_eq!(retail.days[0], days(5.0, 5.0, 2));
    assert_eq!(tech.days[0], days(5.5, 5.5, 2));
    assert_eq!(retail.deal_size, Some(10_000.0));
    assert_eq!(tech.deal_size, Some(20_000.0));
}

#[test]
fn shape2_flow_counts_the_stages_reached_inside_the_period() {
    let mut o = opts();
    o.mode = Mode::Flow;
    o.from = day(2026, 1, 10);
    o.to = day(2026, 1, 31);
    let imp = run("shape2_hubspot_semicolon.csv", &o).unwrap();
    // Reached inside 10–31 Jan: H1 Proposal (15th); H2 Qualified, Proposal,
    // won (10th, 20th, 30th); H3 Qualified and Proposal (both on the 14th,
    // Qualified takes its Proposal date); H4 Proposal (16th; won 5 Feb);
    // H5 Qualified (17th); H6 nothing (8th and 9th) → outside the period.
    assert_eq!(imp.whole.counts, vec![0, 3, 4, 1]);
    assert_eq!(lines(&imp, SkipReason::OutsidePeriod), (1, vec![7]));
    // Days of the steps that end inside the period, own dates only:
    // →Qualified H2 7, H5 10 (H3 has no own date): 8.5.
    // →Proposal H1 10, H2 10, H4 10. →won H2 10.
    assert_eq!(
        imp.whole.days,
        vec![days(8.5, 8.5, 2), days(10.0, 10.0, 3), days(10.0, 10.0, 1)]
    );
    assert_eq!(imp.whole.deal_size, Some(10_000.0));
    assert_eq!(imp.whole.losses[2], losses(&[("Price", 1)]));
    assert_eq!(imp.whole.losses[0], vec![]);
}

#[test]
fn shape3_history_tab_out_of_order_excel_serial() {
    let mut o = opts();
    o.mode = Mode::Cohort;
    o.segments = vec!["Source".into()];
    let imp = run("shape3_history_tab.tsv", &o).unwrap();
    let p = &imp.preview;
    assert_eq!(p.shape, Shape::History);
    assert_eq!(p.delimiter, '\t');
    assert_eq!((p.rows_read, p.rows_used), (16, 16));
    // O2's Lead row (line 5, 2 Jan) comes after its Qualified row (8 Jan).
    assert_eq!(p.out_of_order.count, 1);
    assert_eq!(p.out_of_order.first_lines, vec![5]);
    // O3 goes from Lead (Excel 46027 = 2026-01-05) to Proposal.
    assert_eq!(p.skipped_predecessors.first_lines, vec![4]);
    // Lead 5; Qualified O1 O2 O3 O4 O5 = 5; Proposal O1 O3 O5 = 3; won O1 O5 = 2.
    assert_eq!(imp.whole.counts, vec![5, 5, 3, 2]);
    // Lead→Qualified: O1 3, O2 6, O4 2, O5 1: mean 12/4 = 3, median (2+3)/2.
    // Qualified→Proposal: O1 6, O5 2: 4. Proposal→won: O1 10 (10→20 Jan,
    // Closed Won), O5 10 (9→19 Jan): 10.
    assert_eq!(
        imp.whole.days,
        vec![days(3.0, 2.5, 4), days(4.0, 4.0, 2), days(10.0, 10.0, 2)]
    );
    assert_eq!(imp.whole.deal_size, Some(10_000.0));
    // O2 (No decision) and O4 (no reason) fell out leaving Qualified.
    assert_eq!(
        imp.whole.losses[1],
        losses(&[("No decision", 1), (NO_REASON, 1)])
    );
    // Event: O3 O4 → 2, 2, 1, 0; Web: O1 O2 O5 → 3, 3, 2, 2.
    let event = segment(&imp, "Event");
    let web = segment(&imp, "Web");
    assert_eq!(event.counts, vec![2, 2, 1, 0]);
    assert_eq!(web.counts, vec![3, 3, 2, 2]);
    assert_eq!(event.days[0], days(2.0, 2.0, 1));
    // Web Lead→Qualified: 3, 6, 1: mean 10/3, median 3.
    assert_eq!(web.days[0], days(10.0 / 3.0, 3.0, 3));
    assert_eq!(event.deal_size, None);
    assert_eq!(web.losses[1], losses(&[("No decision", 1)]));
    assert_eq!(event.losses[1], losses(&[(NO_REASON, 1)]));
}

#[test]
fn windows_1252_segment_values_are_decoded() {
    let mut o = opts();
    o.segments = vec!["Owner".into()];
    let imp = run("cp1252_segments.csv", &o).unwrap();
    assert_eq!(imp.preview.encoding, Encoding::Windows1252);
    assert!(imp.preview.notes.iter().any(|n| n.contains("Windows-1252")));
    let keys: Vec<&str> = imp.segments.iter().map(|s| s.key[0].as_str()).collect();
    assert_eq!(keys, ["Café", "Müller"]);
    // Café: L1 Lead, L3 Qualified → 2, 1; Müller: L2 Qualified → 1, 1.
    assert_eq!(segment(&imp, "Café").counts, vec![2, 1, 0, 0]);
    assert_eq!(segment(&imp, "Müller").counts, vec![1, 1, 0, 0]);
}

#[test]
fn bom_semicolon_quoted_newline_month_first() {
    let mut o = opts();
    o.mode = Mode::Cohort;
    o.from = day(2026, 1, 1);
    o.to = day(2026, 1, 31);
    let imp = run("bom_semicolon_quoted_mdy.csv", &o).unwrap();
    let p = &imp.preview;
    assert_eq!(p.encoding, Encoding::Utf8Bom);
    assert_eq!(p.delimiter, ';');
    assert!(
        p.columns
            .contains(&("record id".into(), "Record ID".into())),
        "{:?}",
        p.columns
    );
    // "01/20/2026" (line 5: R2's reason spans lines 3 and 4) proves month-first.
    assert_eq!(p.date_order, DateOrder::MonthFirst);
    // R1 2 Jan, R2 3 Jan, R3 20 Jan; R4 3 Feb on line 6 is outside January.
    assert_eq!(lines(&imp, SkipReason::OutsidePeriod), (1, vec![6]));
    assert_eq!(imp.whole.counts, vec![3, 2, 1, 0]);
    assert_eq!(
        imp.whole.losses[1],
        losses(&[("Too expensive;\nsaid the CFO", 1)])
    );
}

#[test]
fn ambiguous_dates_are_asked_never_guessed() {
    let mut o = opts();
    o.mode = Mode::Cohort;
    o.from = day(2026, 2, 1);
    o.to = day(2026, 2, 28);
    match run("ambiguous_dates.csv", &o) {
        Err(e @ ImportError::NeedsDateOrder { .. }) => {
            let ImportError::NeedsDateOrder {
                line,
                column,
                value,
            } = &e
            else {
                unreachable!()
            };
            assert_eq!(
                (*line, column.as_str(), value.as_str()),
                (2, "Created", "01/02/2026")
            );
            assert!(e.to_string().contains("line 2"), "{e}");
        }
        other => panic!("expected NeedsDateOrder, got {other:?}"),
    }
    // Day-first: A1 1 Feb, A2 3 Apr, A3 10 Feb → two in February.
    o.dates = DateOrder::DayFirst;
    let imp = run("ambiguous_dates.csv", &o).unwrap();
    assert_eq!(imp.whole.counts, vec![2, 0, 0, 0]);
    assert_eq!(lines(&imp, SkipReason::OutsidePeriod), (1, vec![3]));
    // Month-first: A1 2 Jan, A2 4 Mar, A3 10 Feb → one.
    o.dates = DateOrder::MonthFirst;
    let imp = run("ambiguous_dates.csv", &o).unwrap();
    assert_eq!(imp.whole.counts, vec![1, 0, 0, 0]);
}

#[test]
fn contradicting_dates_name_both_lines() {
    let e = run("conflicting_dates.csv", &opts()).unwrap_err();
    let msg = e.to_string();
    assert!(
        matches!(
            e,
            ImportError::DateOrderConflict {
                day_first_line: 2,
                month_first_line: 3,
                ..
            }
        ),
        "{e:?}"
    );
    assert!(
        msg.contains("line 2") && msg.contains("\"13/01/2026\""),
        "{msg}"
    );
    assert!(
        msg.contains("line 3") && msg.contains("\"01/13/2026\""),
        "{msg}"
    );
}

#[test]
fn unmatched_stages_refuse_until_mapped() {
    let e = run("unmatched_stages.csv", &opts()).unwrap_err();
    let ImportError::Unmatched(list) = &e else {
        panic!("expected Unmatched, got {e:?}")
    };
    // "Engaging" on lines 3 and 5 ("engaging " is the same name), "Demo" on 4.
    let got: Vec<(&str, u64, u64)> = list
        .iter()
        .map(|u| (u.name.as_str(), u.rows, u.first_line))
        .collect();
    assert_eq!(got, [("Engaging", 2, 3), ("Demo", 1, 4)]);
    let msg = e.to_string();
    assert!(
        msg.contains("\"Engaging\" (2 rows, first on line 3)") && msg.contains("\"Demo\""),
        "{msg}"
    );

    let mut o = opts();
    o.map = vec![
        ("ENGAGING".into(), "qualified".into()),
        ("Demo".into(), "-".into()),
    ];
    let imp = run("unmatched_stages.csv", &o).unwrap();
    // U1 Lead; U2, U4 (lost, no reason), U5 Qualified; U3 left out.
    assert_eq!(imp.whole.counts, vec![4, 3, 0, 0]);
    assert_eq!(imp.whole.losses[1], losses(&[(NO_REASON, 1)]));
    assert_eq!(lines(&imp, SkipReason::MappedToSkip), (1, vec![4]));

    o.map = vec![("Engaging".into(), "Demo call".into())];
    let e = run("unmatched_stages.csv", &o).unwrap_err();
    assert!(e.to_string().contains("no stage \"Demo call\""), "{e}");
}

#[test]
fn a_date_that_is_not_a_date_skips_its_row_with_a_message() {
    let imp = run("bad_date.csv", &opts()).unwrap();
    let t = imp
        .preview
        .skipped_for(SkipReason::UnparseableDate)
        .unwrap();
    assert_eq!((t.count, t.first_lines.clone()), (1, vec![3]));
    assert_eq!(
        t.example.as_deref(),
        Some(
            "line 3, column \"Close Date\": \"31/02/2026\" is not a date; write it as yyyy-mm-dd (e.g. 2026-02-28) or dd/mm/yyyy"
        )
    );
    assert_eq!(imp.whole.counts, vec![2, 1, 0, 0]);
}

#[test]
fn headerless_and_unknown_files_are_refused_in_words() {
    assert!(matches!(import(&b""[..], &opts()), Err(ImportError::Empty)));
    let e = import(&b"Name,Email\nAnn,a@x\n"[..], &opts()).unwrap_err();
    assert!(e.to_string().contains("\"Name\", \"Email\""), "{e}");
    let mut o = opts();
    o.stages.truncate(1);
    assert!(matches!(
        import(&b"Stage\nLead\n"[..], &o),
        Err(ImportError::TooFewStages(1))
    ));
}

// --- The three shapes agree -------------------------------------------------

#[derive(Debug, Clone)]
struct Rec {
    furthest: usize,
    /// 0 open, 1 lost (never at the last stage: reaching it is winning).
    lost: bool,
    created: u32,
    gaps: Vec<u32>,
    seg: usize,
    reason: usize,
}

fn rec() -> impl Strategy<Value = Rec> {
    (
        0usize..4,
        any::<bool>(),
        0u32..120,
        prop::collection::vec(0u32..20, 4),
        0usize..3,
        0usize..3,
    )
        .prop_map(|(furthest, lost, created, gaps, seg, reason)| Rec {
            furthest,
            lost: lost && furthest < 3,
            created,
            gaps,
            seg,
            reason,
        })
}

const SEGS: [&str; 3] = ["North", "Süd", "East, coast"];
const REASONS: [&str; 3] = ["", "Price", "No decision"];

fn iso(offset: u32) -> String {
    let d = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + chrono::Duration::days(offset.into());
    d.format("%Y-%m-%d").to_string()
}

/// Day (from 1 Jan 2026) each stage up to the furthest was reached.
fn stage_days(r: &Rec) -> Vec<u32> {
    let mut d = r.created;
    (0..=r.furthest)
        .map(|k| {
            if k > 0 {
                d += r.gaps[k];
            }
            d
        })
        .collect()
}

fn csv_field(s: &str) -> String {
    if s.contains(',') {
        format!("\"{s}\"")
    } else {
        s.to_string()
    }
}

fn shape1(recs: &[Rec]) -> String {
    let mut out = String::from("Record ID,Stage,Status,Lost Reason,Create Date,Region\n");
    for (i, r) in recs.iter().enumerate() {
        let (stage, status) = if r.furthest == 3 {
            ("Closed Won", "won")
        } else {
            (STAGES[r.furthest], if r.lost { "lost" } else { "open" })
        };
        let reason = if r.lost { REASONS[r.reason] } else { "" };
        out += &format!(
            "R{i},{stage},{status},{reason},{},{}\n",
            iso(r.created),
            csv_field(SEGS[r.seg])
        );
    }
    out
}

fn shape2(recs: &[Rec]) -> String {
    let mut out = String::from("Deal ID,Deal Stage,Lost Reason,Create Date,Region");
    for s in STAGES.iter().take(3).chain(["Closed Won"].iter()) {
        out += &format!(",Date entered \"{s}\"");
    }
    out += ",Date entered \"Closed Lost\"\n";
    for (i, r) in recs.iter().enumerate() {
        let days = stage_days(r);
        let stage = if r.lost {
            "Closed Lost"
        } else if r.furthest == 3 {
            "Closed Won"
        } else {
            STAGES[r.furthest]
        };
        let reason = if r.lost { REASONS[r.reason] } else { "" };
        out += &format!(
            "R{i},{stage},{reason},{},{}",
            iso(r.created),
            csv_field(SEGS[r.seg])
        );
        for k in 0..4 {
            out += ",";
            if k < days.len() {
                out += &iso(days[k]);
            }
        }
        out += ",";
        if r.lost {
            out += &iso(days[r.furthest] + 1);
        }
        out += "\n";
    }
    out
}

/// Interleaved: every record's first change, then every second change…
fn shape3(recs: &[Rec]) -> String {
    let mut out = String::from("Record ID,Stage,Date,Lost Reason,Region\n");
    for k in 0..5 {
        for (i, r) in recs.iter().enumerate() {
            let days = stage_days(r);
            let seg = csv_field(SEGS[r.seg]);
            if k < days.len() {
                let stage = if k == 3 { "Closed Won" } else { STAGES[k] };
                out += &format!("R{i},{stage},{},,{seg}\n", iso(days[k]));
            } else if k == days.len() && r.lost {
                out += &format!(
                    "R{i},Closed Lost,{},{},{seg}\n",
                    iso(days[r.furthest] + 1),
                    REASONS[r.reason]
                );
            }
        }
    }
    out
}

fn loss_totals(f: &Figures) -> Vec<u64> {
    f.losses
        .iter()
        .map(|l| l.iter().map(|c| c.count).sum())
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]
    #[test]
    fn the_three_shapes_give_the_same_cohort(recs in prop::collection::vec(rec(), 1..40)) {
        let mut o = opts();
        o.mode = Mode::Cohort;
        o.from = day(2026, 1, 15);
        o.to = day(2026, 3, 31);
        o.segments = vec!["Region".into()];
        let a = import(shape1(&recs).as_bytes(), &o).unwrap();
        let b = import(shape2(&recs).as_bytes(), &o).unwrap();
        let c = import(shape3(&recs).as_bytes(), &o).unwrap();
        prop_assert_eq!(a.preview.shape, Shape::PerRecord);
        prop_assert_eq!(b.preview.shape, Shape::DateEntered);
        prop_assert_eq!(c.preview.shape, Shape::History);
        // Hand count: records created 14..=89 days after 1 Jan, at every
        // stage up to their furthest.
        let mut expect = vec![0u64; 4];
        for r in recs.iter().filter(|r| (14..=89).contains(&r.created)) {
            for e in expect.iter_mut().take(r.furthest + 1) {
                *e += 1;
            }
        }
        prop_assert_eq!(&a.whole.counts, &expect);
        prop_assert_eq!(&b.whole.counts, &expect);
        prop_assert_eq!(&c.whole.counts, &expect);
        prop_assert_eq!(loss_totals(&a.whole), loss_totals(&b.whole));
        prop_assert_eq!(loss_totals(&a.whole), loss_totals(&c.whole));
        prop_assert_eq!(&b.whole.days, &c.whole.days);
        for imp in [&a, &b, &c] {
            let mut sum = vec![0u64; 4];
            for s in &imp.segments {
                for (t, n) in sum.iter_mut().zip(&s.figures.counts) {
                    *t += n;
                }
            }
            prop_assert_eq!(&sum, &imp.whole.counts);
            prop_assert_eq!(imp.preview.rows_read, imp.preview.rows_used + imp.preview.skipped_total());
        }
    }
}
