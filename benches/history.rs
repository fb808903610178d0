//! Undo by differences on a session far beyond a real room: the time to
//! record one edit of a 10,000-idea session, and the memory 1,000 such
//! edits keep (counted by the allocator, not estimated). Aim: < 50 MiB
//! after 1,000 edits (a whole session a step took 489 MiB after 200).

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicIsize, Ordering};

use criterion::{Criterion, criterion_group, criterion_main};
use funnelcheck::tui::history::History;

#[path = "big.rs"]
mod big;
use big::session_with_ideas;

/// The system allocator, keeping count of the bytes in use.
struct Counting;

static IN_USE: AtomicIsize = AtomicIsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        IN_USE.fetch_add(layout.size() as isize, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        IN_USE.fetch_sub(layout.size() as isize, Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        IN_USE.fetch_add(
            new_size as isize - layout.size() as isize,
            Ordering::Relaxed,
        );
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

const MIB: f64 = 1024.0 * 1024.0;

fn bench(c: &mut Criterion) {
    // Memory: two copies edited in step, so "before" costs no clone.
    let mut before = session_with_ideas(10_000);
    let mut after = before.clone();
    let at_start = IN_USE.load(Ordering::Relaxed);
    let mut history = History::new();
    for n in 0..1_000usize {
        let i = n * 7919 % 10_000;
        let title = format!("edited {n}");
        after.ideas[i].title.clone_from(&title);
        history.record(format!("rename idea {i}"), &before, &after);
        before.ideas[i].title = title;
    }
    let kept = IN_USE.load(Ordering::Relaxed) - at_start;
    println!(
        "undo memory: 1,000 edits of one idea in 10,000 keep {:.2} MiB (counted), {:.2} MiB (estimated)",
        kept as f64 / MIB,
        history.approx_bytes() as f64 / MIB
    );
    assert!(kept < 50 << 20, "{kept} bytes kept after 1,000 edits");
    drop(history);

    c.bench_function("history record 10,000 ideas, one idea changed", |b| {
        let mut n = 0u32;
        b.iter(|| {
            n += 1;
            after.ideas[5_000].effort_days = 100.0 + f64::from(n % 50);
            let mut history = History::new();
            history.record("effort".into(), black_box(&before), black_box(&after));
            history
        })
    });

    c.bench_function("history undo + redo 10,000 ideas", |b| {
        let mut history = History::new();
        after.ideas[5_000].effort_days = 99.0;
        history.record("effort".into(), &before, &after);
        b.iter(|| {
            history.undo(black_box(&mut after));
            history.redo(black_box(&mut after));
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
