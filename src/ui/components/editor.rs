//! The save cycle every record form shares: create or update from a base revision, keep the
//! edit when storage refuses it, and hold a conflict until the user picks a version.
use leptos::prelude::*;

use crate::store::{Body, Record};
use crate::ui::state::{AppState, SaveOutcome};

/// How a form's value type goes in and out of a record body.
pub trait Editable: Clone + Send + Sync + 'static {
    fn wrap(self) -> Body;
    fn unwrap(body: Body) -> Option<Self>;
}

/// `Editable` for a record type stored as the body variant of the same name.
macro_rules! editable {
    ($($kind:ident),*) => {$(
        impl Editable for crate::domain::$kind {
            fn wrap(self) -> Body {
                Body::$kind(self)
            }
            fn unwrap(body: Body) -> Option<Self> {
                match body {
                    Body::$kind(value) => Some(value),
                    _ => None,
                }
            }
        }
    )*};
}

editable!(
    Person,
    Team,
    Goal,
    CheckIn,
    Feedback,
    FeedbackRequest,
    Celebration,
    RecognitionScript
);

impl Editable for crate::domain::authority::AuthorityMatrix {
    fn wrap(self) -> Body {
        Body::Authority(self)
    }
    fn unwrap(body: Body) -> Option<Self> {
        match body {
            Body::Authority(value) => Some(value),
            _ => None,
        }
    }
}

impl Editable for crate::domain::MonthlyReview {
    fn wrap(self) -> Body {
        Body::Review(self)
    }
    fn unwrap(body: Body) -> Option<Self> {
        match body {
            Body::Review(value) => Some(value),
            _ => None,
        }
    }
}

/// Saves `value` after `change` as a new version of `target` (id, base revision), or as a new
/// record when `target` is None. If another tab saved that record meanwhile, `change` is applied
/// to the other version instead, so neither edit is lost: for changes to fields no form edits
/// (a follow-up marked held, one cell of a matrix).
pub fn save_change<T: Editable>(
    state: AppState,
    target: Option<(String, u64)>,
    mut value: T,
    change: impl Fn(&mut T),
) {
    change(&mut value);
    if let SaveOutcome::Conflict(theirs) = state.save(target.clone(), value.wrap()) {
        if let (Some(mut theirs), Some((id, _))) = (T::unwrap(theirs.body), target) {
            change(&mut theirs);
            state.overwrite(&id, theirs.wrap());
        }
    }
}

pub struct Editor<T: Editable> {
    /// (id, revision the edit is based on); None until a new record is first saved.
    pub target: RwSignal<Option<(String, u64)>>,
    /// (mine, theirs, their revision) while the user has to choose.
    pub conflict: RwSignal<Option<(T, T, u64)>>,
    /// The last save is only in memory (storage refused it).
    pub kept_in_memory: RwSignal<bool>,
    /// The record is gone (removed elsewhere).
    pub missing: RwSignal<bool>,
}

impl<T: Editable> Clone for Editor<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T: Editable> Copy for Editor<T> {}

impl<T: Editable> Editor<T> {
    pub fn new(target: Option<(String, u64)>) -> Self {
        Editor {
            target: RwSignal::new(target),
            conflict: RwSignal::new(None),
            kept_in_memory: RwSignal::new(false),
            missing: RwSignal::new(false),
        }
    }

    /// Saves `value`. Returns the record once it is safely in storage; otherwise the editor's
    /// signals say what happened and the form keeps what the user typed.
    pub fn save(&self, state: AppState, value: T) -> Option<Record> {
        let outcome = state.save(self.target.get_untracked(), value.clone().wrap());
        self.settle(outcome, value)
    }

    /// The user keeps their version over the other one.
    pub fn keep_mine(&self, state: AppState) -> Option<Record> {
        let (mine, _, _) = self.conflict.get_untracked()?;
        let (id, _) = self.target.get_untracked()?;
        self.conflict.set(None);
        let outcome = state.overwrite(&id, mine.clone().wrap());
        self.settle(outcome, mine)
    }

    /// The user takes the other version: returns it for the form to show; the next save builds on it.
    pub fn take_theirs(&self) -> Option<T> {
        let (_, theirs, rev) = self.conflict.get_untracked()?;
        self.conflict.set(None);
        self.target.update(|t| {
            if let Some(t) = t {
                t.1 = rev;
            }
        });
        Some(theirs)
    }

    fn settle(&self, outcome: SaveOutcome, mine: T) -> Option<Record> {
        match outcome {
            SaveOutcome::Saved(record) => {
                self.kept_in_memory.set(false);
                self.target.set(Some((record.id.clone(), record.rev)));
                Some(record)
            }
            SaveOutcome::InMemoryOnly(record) => {
                self.kept_in_memory.set(true);
                self.target.set(Some((record.id.clone(), record.rev)));
                None
            }
            SaveOutcome::Conflict(theirs) => {
                let rev = theirs.rev;
                if let Some(t) = T::unwrap(theirs.body) {
                    self.conflict.set(Some((mine, t, rev)));
                }
                None
            }
            SaveOutcome::Missing => {
                self.missing.set(true);
                None
            }
            SaveOutcome::NotAllowed => None,
        }
    }
}

/// The notices a record form shows above its fields: kept in memory only, or removed elsewhere.
#[component]
pub fn EditorNotices(kept_in_memory: RwSignal<bool>, missing: RwSignal<bool>) -> impl IntoView {
    view! {
        <Show when=move || kept_in_memory.get()>
            <p class="inline-warning" role="alert" data-testid="kept-in-memory">
                "Kept in this tab only: the browser would not store it. What you typed is still here; see the message at the top."
            </p>
        </Show>
        <Show when=move || missing.get()>
            <p class="inline-warning" role="alert">
                "This record was removed in another tab, so it cannot be saved. Copy what you typed before leaving."
            </p>
        </Show>
    }
}
