//! Sessions far beyond a real room, shared by the model, start-up and
//! history benches: the example workshop with its ideas repeated (and their
//! estimates varied) until there are `n`. Every one passes validation, so a
//! bench never times a load that ends in "this file is invalid".

use funnelcheck::assets;
use funnelcheck::session::{self, Estimate, Idea, Session};

pub fn session_with_ideas(n: usize) -> Session {
    let mut s = assets::example_session();
    let templates = s.ideas.clone();
    s.votes.clear();
    s.plan.ideas.clear();
    s.ideas = (0..n)
        .map(|i| {
            let mut idea: Idea = templates[i % templates.len()].clone();
            idea.id = i as u32 + 1;
            idea.title = format!("{} #{i}", idea.title);
            let e = idea.effect.estimate();
            // Scaled down, never up: the example's estimates are valid
            // (a recovery of at most 100 %), so these are too.
            let f = 0.2 + (i % 17) as f64 / 20.0;
            *idea.effect.estimate_mut() = Estimate::new(e.low * f, e.likely * f, e.high * f);
            idea.effort_days = 1.0 + (i % 23) as f64;
            idea
        })
        .collect();
    let problems = session::validate(&s);
    assert!(
        problems.is_empty(),
        "the {n}-idea bench session must be valid: {problems:?}"
    );
    s
}
