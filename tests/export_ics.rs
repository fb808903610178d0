//! The calendar export read back by an independent parser (the `ical`
//! crate): one VTODO per action with a due date, whose SUMMARY, DUE and
//! STATUS say what the session says, even for titles full of newlines,
//! commas, semicolons and control characters.

use chrono::NaiveDate;
use funnelcheck::assets;
use funnelcheck::export::{self, Format, Rendered};
use funnelcheck::session::{Commitment, Session, Status, Team};
use ical::parser::ical::component::{IcalCalendar, IcalTodo};

fn ics(s: &Session) -> String {
    match export::render(s, Format::Ics).expect("render") {
        Rendered::One(t) => t,
        Rendered::Csv { .. } => panic!("a calendar is one document"),
    }
}

fn parse(text: &str) -> IcalCalendar {
    let mut calendars: Vec<IcalCalendar> = ical::IcalParser::new(text.as_bytes())
        .collect::<Result<_, _>>()
        .unwrap_or_else(|e| panic!("the calendar does not parse: {e}\n{text}"));
    assert_eq!(calendars.len(), 1, "one VCALENDAR");
    calendars.remove(0)
}

/// RFC 5545 §3.3.11 unescaping of a TEXT value, written here rather than
/// borrowed from the crate that wrote it.
fn unescape(v: &str) -> String {
    let mut out = String::new();
    let mut chars = v.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n' | 'N') => out.push('\n'),
            Some(c @ ('\\' | ';' | ',')) => out.push(c),
            other => panic!("a bad escape \\{other:?} in {v:?}"),
        }
    }
    out
}

fn prop<'a>(todo: &'a IcalTodo, name: &str) -> &'a ical::property::Property {
    let found: Vec<_> = todo.properties.iter().filter(|p| p.name == name).collect();
    assert_eq!(found.len(), 1, "one {name} in {:?}", todo.properties);
    found[0]
}

fn value(todo: &IcalTodo, name: &str) -> String {
    prop(todo, name).value.clone().unwrap_or_default()
}

fn status_word(s: Status) -> &'static str {
    match s {
        Status::Open => "NEEDS-ACTION",
        Status::Done => "COMPLETED",
        Status::Partly => "IN-PROCESS",
        Status::NotDone => "NEEDS-ACTION",
        Status::Dropped => "CANCELLED",
    }
}

/// Checks every dated action against its VTODO; `expect_title` gives the
/// SUMMARY the action's title must read back as.
fn check(s: &Session, expect_title: impl Fn(&str) -> String) {
    let text = ics(s);
    for line in text.split_terminator("\r\n") {
        assert!(line.len() <= 75, "a line longer than 75 octets: {line:?}");
        assert!(
            !line.chars().any(|c| c.is_control() && c != '\t'),
            "a control character in {line:?}"
        );
    }
    assert!(text.ends_with("END:VCALENDAR\r\n"));
    let cal = parse(&text);
    let dated: Vec<&Commitment> = s.actions.iter().filter(|a| a.due.is_some()).collect();
    assert_eq!(cal.todos.len(), dated.len(), "one VTODO per dated action");
    let mut uids = Vec::new();
    for (todo, a) in cal.todos.iter().zip(&dated) {
        assert_eq!(unescape(&value(todo, "SUMMARY")), expect_title(&a.title));
        let due = prop(todo, "DUE");
        assert_eq!(
            due.value.as_deref(),
            Some(a.due.expect("dated").format("%Y%m%d").to_string().as_str())
        );
        assert_eq!(
            due.params,
            Some(vec![("VALUE".to_string(), vec!["DATE".to_string()])]),
            "DUE is a DATE value"
        );
        assert_eq!(value(todo, "STATUS"), status_word(a.status));
        assert_eq!(
            value(todo, "DTSTAMP"),
            format!("{}T000000Z", s.date.format("%Y%m%d"))
        );
        let description = unescape(&value(todo, "DESCRIPTION"));
        assert!(
            description.contains(&format!("Owner: {}", a.owner.trim())),
            "{description}"
        );
        if let Some(kpi) = &a.kpi {
            assert!(
                description.contains(&format!("KPI: {kpi}")),
                "{description}"
            );
        }
        assert!(description.contains("SMART: S"), "{description}");
        uids.push(value(todo, "UID"));
    }
    let n = uids.len();
    uids.sort();
    uids.dedup();
    assert_eq!(uids.len(), n, "every UID is distinct");
}

#[test]
fn the_example_actions_read_back_as_to_dos() {
    let s = assets::example_session();
    assert!(s.actions.iter().all(|a| a.due.is_some()));
    check(&s, str::to_string);
    // The same session gives the same bytes: DTSTAMP and UID come from it.
    assert_eq!(ics(&s), ics(&s));
}

fn action(title: &str, due: Option<(i32, u32, u32)>, status: Status) -> Commitment {
    Commitment {
        idea: None,
        title: title.to_string(),
        owner: "Anna; Berg, \"Jr\"\nnext line".to_string(),
        team: Some(Team::Sales),
        due: due.and_then(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d)),
        kpi: Some("KPI, with; \\ odd = chars".to_string()),
        status,
        carried: false,
        note: String::new(),
    }
}

#[test]
fn hostile_titles_survive_escaping_and_folding() {
    let mut s = assets::example_session();
    s.title = "Q4; \"review\", part\n2".into();
    let long = "Ünïcødé 🚀 ".repeat(20);
    s.actions = vec![
        action(
            "Call, email; then \\ escalate\nsecond line",
            Some((2027, 1, 15)),
            Status::Open,
        ),
        action("CRLF\r\nand lone CR\rend", Some((2027, 2, 1)), Status::Done),
        action(
            "bell\u{7} nul\u{0} esc\u{1b}[31m del\u{7f} tab\tkept",
            Some((2027, 3, 1)),
            Status::Dropped,
        ),
        action("no date, so no to-do", None, Status::Open),
        action(
            "=HYPERLINK(\"http://x\";\"y\") <script>",
            Some((2026, 12, 1)),
            Status::Open,
        ),
        action(&long, Some((2027, 1, 2)), Status::Open),
    ];
    check(&s, |title| {
        // Line breaks of any kind read back as one newline; other control
        // characters (not allowed in RFC 5545 text) are gone; a tab stays;
        // the ends are trimmed (parsers trim them anyway).
        let clean: String = title
            .replace("\r\n", "\n")
            .replace('\r', "\n")
            .chars()
            .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
            .collect();
        clean.trim().to_string()
    });
    let cal = parse(&ics(&s));
    assert_eq!(
        unescape(&value(&cal.todos[0], "SUMMARY")),
        "Call, email; then \\ escalate\nsecond line"
    );
    assert_eq!(
        unescape(&value(&cal.todos[1], "SUMMARY")),
        "CRLF\nand lone CR\nend"
    );
    assert_eq!(
        unescape(&value(&cal.todos[2], "SUMMARY")),
        "bell nul esc[31m del tab\tkept"
    );
    // Folded many times, every space kept: no line ends in one, which
    // parsers that trim line ends would lose.
    assert_eq!(unescape(&value(&cal.todos[4], "SUMMARY")), long.trim());
}

#[test]
fn a_session_without_dated_actions_is_an_empty_calendar() {
    let mut s = assets::example_session();
    for a in &mut s.actions {
        a.due = None;
    }
    let cal = parse(&ics(&s));
    assert!(cal.todos.is_empty());
    assert!(cal.properties.iter().any(|p| p.name == "PRODID"));
}
