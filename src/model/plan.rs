//! Which ideas a plan is made of.

use crate::session::{Id, Idea, Session};

/// The distinct ideas of `ids` that exist in the session, in the order they
/// are first named. A plan that lists an idea twice (a hand-edited file, an
/// idea named twice on the command line) counts it once: applying one fix
/// twice would double its gain. Ids without an idea are left out.
pub fn distinct_ideas<'a>(session: &'a Session, ids: &[Id]) -> Vec<&'a Idea> {
    let mut out: Vec<&Idea> = Vec::with_capacity(ids.len().min(session.ideas.len()));
    for idea in ids.iter().filter_map(|id| session.idea(*id)) {
        if !out.iter().any(|seen| seen.id == idea.id) {
            out.push(idea);
        }
    }
    out
}

/// The committed plan's distinct existing ideas, in plan order.
pub fn plan_ideas(session: &Session) -> Vec<&Idea> {
    distinct_ideas(session, &session.plan.ideas)
}
