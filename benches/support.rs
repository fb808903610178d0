//! The session the render and export benches share: the example workshop
//! with its ideas repeated to 1,000.

use funnelcheck::assets;
use funnelcheck::session::Session;

pub fn thousand_ideas() -> Session {
    let mut s = assets::example_session();
    let base = s.ideas.clone();
    s.ideas = (0..1000)
        .map(|n| {
            let mut idea = base[n % base.len()].clone();
            idea.id = n as u32 + 1;
            idea.title = format!("{} #{n}", idea.title);
            idea
        })
        .collect();
    // The example's votes and plan name ids 1..15, which exist here too, so
    // Vote, Rank, Summary and the exports work on real totals and a real plan.
    s
}
