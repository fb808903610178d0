//! What a keypress costs once a session is big: 20 keys that change the
//! session (each one an undoable edit that is saved) against 20 keys that
//! only move the cursor, at 1,000 and 10,000 ideas, each key followed by a
//! frame as the app draws it. Saves run in the background as in the app;
//! the writer is flushed after every batch so no batch leaves work behind
//! for the next one to pay for. Issue 10 asks: saving keys at most 3×
//! (1,000 ideas) and 5× (10,000) the navigation keys.

use std::hint::black_box;
use std::time::Duration;

use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use funnelcheck::session::validate;
use funnelcheck::tui::app::{SaveState, Saving};
use funnelcheck::tui::{App, Options, ThemeName, chrome};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

#[path = "big.rs"]
mod big;
use big::session_with_ideas as session_with;

fn key(c: char) -> Event {
    Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

fn keys(c: &mut Criterion) {
    let now = NaiveDate::from_ymd_opt(2026, 11, 23)
        .and_then(|d| d.and_hms_opt(9, 0, 0))
        .expect("valid date");
    for n in [1_000, 10_000] {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join(format!("ideas-{n}.ron"));
        let session = session_with(n);
        assert_eq!(validate(&session), vec![], "the bench session is valid");
        funnelcheck::store::save(&path, &session).expect("save");
        let mut app = App::new(
            &Options {
                file: Some(path.clone()),
                sessions_dir: Some(dir.path().to_path_buf()),
                theme: ThemeName::Projector,
                present: false,
            },
            now,
        );
        assert!(
            app.doc.is_some(),
            "the bench session opens: {:?}",
            app.status
        );
        app.saving = Saving::Background;
        let mut terminal = Terminal::new(TestBackend::new(160, 48)).expect("terminal");
        // Setup (1), the people pane: j/k move, Space changes a person's team.
        app.handle_event(&key('1'));
        app.handle_event(&Event::Key(KeyEvent::new(KeyCode::Tab, KeyModifiers::NONE)));
        let mut batch = |app: &mut App, keys: &[char]| {
            for k in keys {
                app.handle_event(&key(*k));
                app.tick(now);
                terminal.draw(|f| chrome::draw(f, app)).expect("draw");
            }
        };
        let moves: Vec<char> = (0..20)
            .map(|i| if i % 2 == 0 { 'j' } else { 'k' })
            .collect();
        c.bench_function(&format!("keys {n} ideas: 20 navigation keys"), |b| {
            b.iter(|| batch(black_box(&mut app), &moves))
        });
        let edits = [' '; 20];
        let undo_before = app.doc.as_ref().map_or(0, |d| d.can_undo());
        // What the keyboard feels: the keys return without waiting for the
        // disk (the writer coalesces behind them on the other core).
        c.bench_function(&format!("keys {n} ideas: 20 saving keys"), |b| {
            b.iter(|| batch(black_box(&mut app), &edits))
        });
        // The whole bill: the same keys, then until the file is durable.
        c.bench_function(
            &format!("keys {n} ideas: 20 saving keys, then durable"),
            |b| {
                b.iter(|| {
                    batch(black_box(&mut app), &edits);
                    app.request_quit();
                    app.quit = false;
                })
            },
        );
        let doc = app.doc.as_ref().expect("open");
        assert!(doc.can_undo() > undo_before, "the saving keys were edits");
        assert!(
            matches!(doc.save, SaveState::Saved(_)),
            "and were saved: {:?}",
            doc.save
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = keys
}
criterion_main!(benches);
