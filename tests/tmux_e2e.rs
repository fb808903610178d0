//! End to end: the real binary in a real terminal (tmux), driven with
//! send-keys, read with capture-pane, then the saved file checked. It runs
//! the binary cargo built for the tests (the same code a facilitator runs).
//! Skipped, with a message, only when tmux is not installed.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// A tmux server of our own (its own socket), killed when the test ends.
struct Tmux {
    socket: String,
}

/// One more window (a tmux session) on the same server.
struct Window<'a> {
    tmux: &'a Tmux,
    name: &'a str,
}

impl Window<'_> {
    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", self.name];
        args.extend(keys);
        assert!(self.tmux.cmd(&args).status.success(), "send-keys {keys:?}");
    }

    fn text(&self, text: &str) {
        assert!(
            self.tmux
                .cmd(&["send-keys", "-t", self.name, "-l", text])
                .status
                .success()
        );
    }

    fn capture(&self) -> String {
        String::from_utf8_lossy(
            &self
                .tmux
                .cmd(&["capture-pane", "-p", "-t", self.name])
                .stdout,
        )
        .to_string()
    }

    fn wait_for(&self, needle: &str) -> String {
        let start = Instant::now();
        let mut last = String::new();
        loop {
            let screen = self.capture();
            if screen.contains(needle) && screen == last {
                return screen;
            }
            last = screen.clone();
            if start.elapsed() > Duration::from_secs(10) {
                panic!(
                    "timed out waiting for {needle:?} in {}; screen:\n{screen}",
                    self.name
                );
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Tmux {
    fn cmd(&self, args: &[&str]) -> std::process::Output {
        Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .output()
            .expect("run tmux")
    }

    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "e2e"];
        args.extend(keys);
        assert!(self.cmd(&args).status.success(), "send-keys {keys:?}");
    }

    fn text(&self, text: &str) {
        assert!(
            self.cmd(&["send-keys", "-t", "e2e", "-l", text])
                .status
                .success(),
            "send-keys -l {text}"
        );
    }

    fn capture(&self) -> String {
        String::from_utf8_lossy(&self.cmd(&["capture-pane", "-p", "-t", "e2e"]).stdout).to_string()
    }

    /// Waits until the screen shows `needle` and has settled (the app draws
    /// asynchronously, and a capture can land in the middle of a frame, or
    /// just before the footer turns from "saving…" to "saved").
    fn wait_for(&self, needle: &str) -> String {
        let start = Instant::now();
        let mut last = String::new();
        loop {
            let screen = self.capture();
            if screen.contains(needle) && screen == last {
                return screen;
            }
            last = screen.clone();
            if start.elapsed() > Duration::from_secs(10) {
                panic!("timed out waiting for {needle:?}; screen:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn running(&self) -> bool {
        self.cmd(&["has-session", "-t", "e2e"]).status.success()
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.cmd(&["kill-server"]);
    }
}

/// The binary cargo built for this test run. Building a second (release)
/// copy here cost CI a minute and a half for no extra coverage: the code
/// paths are the same, only the optimiser differs.
fn app_binary() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_BIN_EXE_funnelcheck"))
}

fn tmux_available() -> bool {
    Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn a_short_session_in_tmux_lands_in_the_file() {
    if !tmux_available() {
        eprintln!(
            "SKIPPED tmux_e2e: tmux is not installed (apt-get install tmux to run this test)"
        );
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("workshop.ron");
    funnelcheck::store::save(&file, &funnelcheck::assets::example_session()).expect("save example");
    let tmux = Tmux {
        socket: format!("funnelcheck-e2e-{}", std::process::id()),
    };
    let command = format!("{} {}", shell_quote(&app_binary()), shell_quote(&file));
    let started = tmux.cmd(&[
        "new-session",
        "-d",
        "-s",
        "e2e",
        "-x",
        "100",
        "-y",
        "30",
        &command,
    ]);
    assert!(
        started.status.success(),
        "{}",
        String::from_utf8_lossy(&started.stderr)
    );

    tmux.wait_for("Q4 Funnel Reality Check");
    tmux.keys(&["2"]);
    tmux.wait_for("Value of losses");
    tmux.keys(&["j", "Enter"]);
    tmux.text("1000");
    tmux.keys(&["Enter"]);
    let funnel = tmux.wait_for("✓ saved");
    assert!(
        funnel
            .lines()
            .any(|l| l.contains("MQL") && l.contains(" 1,000 ")),
        "{funnel}"
    );

    tmux.keys(&["3", "c"]);
    tmux.wait_for("New loss cause");
    tmux.text("quiet quarter");
    tmux.keys(&["Tab"]);
    tmux.text("5");
    tmux.keys(&["Enter"]);
    let walk = tmux.wait_for("Why we lose them");
    assert!(
        walk.contains("quiet quarter") && walk.contains("5 % unexplained"),
        "{walk}"
    );

    // Commit (6): a new action, its SMART marks on its row at once. With
    // every plan idea taken it is free-standing, with no owner, KPI or date.
    tmux.keys(&["6"]);
    tmux.wait_for("[Actions]");
    tmux.keys(&["a"]);
    tmux.wait_for("New action");
    tmux.keys(&["Tab"]);
    tmux.text("Pilot the fit score");
    tmux.keys(&["Enter"]);
    let commit = tmux.wait_for("Actions (7)");
    assert!(
        commit
            .lines()
            .any(|l| l.contains("S✗ M✗ A✗ R? T✗ Pilot the fit score")),
        "{commit}"
    );

    tmux.keys(&["q"]);
    let start = Instant::now();
    while tmux.running() && start.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(!tmux.running(), "q quits the app");

    let saved = funnelcheck::store::load(&file).expect("the file loads");
    assert_eq!(saved.stages[1].count, 1000);
    let cause = saved.stages[0]
        .causes
        .iter()
        .find(|c| c.reason == "quiet quarter")
        .expect("cause saved");
    assert_eq!(cause.share, 5.0);
    let action = saved.actions.last().expect("the action saved");
    assert_eq!(
        (action.title.as_str(), action.idea),
        ("Pilot the fit score", None)
    );
    assert!(backup_exists(&file), "the store keeps the previous version");
}

fn backup_exists(file: &Path) -> bool {
    funnelcheck::store::backup_path(file).exists()
}

fn shell_quote(p: &Path) -> String {
    format!("'{}'", p.display().to_string().replace('\'', "'\\''"))
}

/// SIGTERM, SIGHUP, SIGINT and SIGQUIT each leave the terminal as it was
/// (main screen, no mouse reporting, cooked mode) and keep the text that
/// was open in a field as a draft, offered at the next open.
#[test]
fn signals_restore_the_terminal_and_keep_the_typed_text() {
    if !tmux_available() {
        eprintln!("SKIPPED tmux_e2e: tmux is not installed");
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("workshop.ron");
    funnelcheck::store::save(&file, &funnelcheck::assets::example_session()).expect("save example");
    let tmux = Tmux {
        socket: format!("funnelcheck-sig-{}", std::process::id()),
    };
    // A plain POSIX shell stays in the pane after the app ends, so the
    // terminal state it left behind can be read.
    let shell = if Path::new("/bin/dash").exists() {
        "/bin/dash"
    } else {
        "/bin/sh"
    };
    let started = tmux.cmd(&[
        "new-session",
        "-d",
        "-s",
        "e2e",
        "-x",
        "100",
        "-y",
        "30",
        shell,
    ]);
    assert!(
        started.status.success(),
        "{}",
        String::from_utf8_lossy(&started.stderr)
    );
    let pane_pid = String::from_utf8_lossy(
        &tmux
            .cmd(&["display", "-p", "-t", "e2e", "#{pane_pid}"])
            .stdout,
    )
    .trim()
    .to_string();
    for (n, (sig, code)) in [("TERM", 143), ("HUP", 129), ("INT", 130), ("QUIT", 131)]
        .into_iter()
        .enumerate()
    {
        tmux.text(&format!(
            "clear; {} {}; echo \"EXIT{n}=$?\"; stty -a | grep -o -- '-*icanon' | sed 's/^/MODE{n}=/'",
            shell_quote(&app_binary()),
            shell_quote(&file)
        ));
        tmux.keys(&["Enter"]);
        tmux.wait_for("Q4 Funnel Reality Check");
        // Open the workshop title on Setup and type, never pressing Enter.
        tmux.keys(&["1", "Enter"]);
        tmux.text(&format!(" half typed {sig}"));
        tmux.wait_for(&format!("half typed {sig}"));
        let child = Command::new("pgrep")
            .args(["-P", &pane_pid])
            .output()
            .expect("pgrep");
        let pid = String::from_utf8_lossy(&child.stdout).trim().to_string();
        assert!(!pid.is_empty(), "the app runs under the shell");
        assert!(
            Command::new("kill")
                .args([&format!("-{sig}"), &pid])
                .status()
                .expect("kill")
                .success()
        );
        let after = tmux.wait_for(&format!("MODE{n}="));
        assert!(
            after.contains(&format!("EXIT{n}={code}")),
            "exit code 128 + SIG{sig}:\n{after}"
        );
        assert!(
            after.contains(&format!("MODE{n}=icanon")),
            "cooked mode again after SIG{sig}:\n{after}"
        );
        let flags = String::from_utf8_lossy(
            &tmux
                .cmd(&[
                    "display",
                    "-p",
                    "-t",
                    "e2e",
                    "#{alternate_on} #{mouse_any_flag} #{mouse_button_flag} #{mouse_standard_flag}",
                ])
                .stdout,
        )
        .trim()
        .to_string();
        assert_eq!(
            flags, "0 0 0 0",
            "main screen, no mouse reporting after SIG{sig}"
        );
        let draft = std::fs::read_to_string(funnelcheck::store::draft_path(&file))
            .expect("a draft was kept");
        assert_eq!(draft, format!("Q4 Funnel Reality Check half typed {sig}"));
        // The next open offers it (and takes it).
        let session = funnelcheck::store::load(&file).expect("the file still loads");
        assert_eq!(
            session.title, "Q4 Funnel Reality Check",
            "nothing half-typed reached the file"
        );
        std::fs::remove_file(funnelcheck::store::draft_path(&file)).expect("remove draft");
    }
}

/// Two real processes on one file: the second opens read-only and says who
/// has the file; its edits are refused, the first one's reach the file.
#[test]
fn a_second_instance_on_the_same_file_is_read_only() {
    if !tmux_available() {
        eprintln!("SKIPPED tmux_e2e: tmux is not installed");
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("workshop.ron");
    funnelcheck::store::save(&file, &funnelcheck::assets::example_session()).expect("save example");
    let tmux = Tmux {
        socket: format!("funnelcheck-two-{}", std::process::id()),
    };
    let command = format!("{} {}", shell_quote(&app_binary()), shell_quote(&file));
    for name in ["a", "b"] {
        let started = tmux.cmd(&[
            "new-session",
            "-d",
            "-s",
            name,
            "-x",
            "120",
            "-y",
            "30",
            &command,
        ]);
        assert!(
            started.status.success(),
            "{}",
            String::from_utf8_lossy(&started.stderr)
        );
        let w = Window { tmux: &tmux, name };
        w.wait_for("Q4 Funnel Reality Check");
    }
    let (a, b) = (
        Window {
            tmux: &tmux,
            name: "a",
        },
        Window {
            tmux: &tmux,
            name: "b",
        },
    );
    let shown = b.wait_for("read-only");
    assert!(shown.contains("open in another window"), "{shown}");
    // B tries an edit: refused, with the reason.
    b.keys(&["Escape", "1", "Enter"]);
    b.text(" by B");
    b.keys(&["Enter"]);
    b.wait_for("this window is read-only");
    // A edits: saved.
    a.keys(&["1", "Enter"]);
    a.text(" by A");
    a.keys(&["Enter"]);
    a.wait_for("✓ saved");
    for w in [&a, &b] {
        w.keys(&["q"]);
    }
    let start = Instant::now();
    while ["a", "b"]
        .iter()
        .any(|n| tmux.cmd(&["has-session", "-t", n]).status.success())
        && start.elapsed() < Duration::from_secs(10)
    {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(
        !["a", "b"]
            .iter()
            .any(|n| tmux.cmd(&["has-session", "-t", n]).status.success()),
        "q ends both instances"
    );
    let saved = funnelcheck::store::load(&file).expect("the file loads");
    assert_eq!(saved.title, "Q4 Funnel Reality Check by A");
    assert!(
        !funnelcheck::store::lock::lock_path(&file).exists(),
        "the lock goes with the owner"
    );
}

/// The next check-in in the real binary: the start screen's `f` on last
/// quarter's session writes the follow-up beside it and opens it on the
/// Review; a mark lands in the file.
#[test]
fn f_on_the_start_screen_opens_the_next_check_in() {
    if !tmux_available() {
        eprintln!(
            "SKIPPED tmux_e2e: tmux is not installed (apt-get install tmux to run this test)"
        );
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let prev = dir.path().join("q4.ron");
    funnelcheck::store::save(&prev, &funnelcheck::assets::example_session()).expect("save");
    let tmux = Tmux {
        socket: format!("funnelcheck-e2e-f-{}", std::process::id()),
    };
    let command = format!(
        "{} --dir {}",
        shell_quote(&app_binary()),
        shell_quote(dir.path())
    );
    let started = tmux.cmd(&[
        "new-session",
        "-d",
        "-s",
        "e2e",
        "-x",
        "100",
        "-y",
        "30",
        &command,
    ]);
    assert!(
        started.status.success(),
        "{}",
        String::from_utf8_lossy(&started.stderr)
    );
    tmux.wait_for("Q4 Funnel Reality Check");
    tmux.keys(&["f"]);
    let review = tmux.wait_for("[8 Review]");
    assert!(
        review.contains("Follows up “Q4 Funnel Reality Check” of 2026-11-23"),
        "{review}"
    );
    tmux.keys(&["d"]);
    tmux.wait_for("✓ saved");
    tmux.keys(&["q"]);
    let start = Instant::now();
    while tmux.running() && start.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(!tmux.running(), "q quits the app");
    let made: Vec<std::path::PathBuf> = std::fs::read_dir(dir.path())
        .expect("list")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "ron") && *p != prev)
        .collect();
    assert_eq!(made.len(), 1, "{made:?}");
    let s = funnelcheck::store::load(&made[0]).expect("the follow-up loads");
    assert_eq!(s.previous.as_ref().map(|p| p.path.as_str()), Some("q4.ron"));
    assert_eq!(s.actions[0].status, funnelcheck::session::Status::Done);
}
