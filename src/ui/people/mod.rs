//! People: the team list, a person's page, and the add/edit form.
use leptos::prelude::*;
use leptos_router::components::A;

use crate::ui::href;
use crate::ui::router::use_navigate;

use crate::domain::dates::long_date;
use crate::domain::person::{tenure, PersonDraft};
use crate::domain::{Cadence, Person};
use crate::store::Body;
use crate::ui::components::editor::{save_change, Editor, EditorNotices};
use crate::ui::components::{ConflictChooser, FormErrors, SelectField, TextField};
use crate::ui::state::{now, AppState};

/// (id, revision, person) — the revision is in the key so a changed person redraws.
type PersonRow = (String, u64, Person);

pub fn person_rows(state: AppState) -> Memo<Vec<PersonRow>> {
    Memo::new(move |_| {
        state.repo.with(|r| {
            r.people()
                .into_iter()
                .map(|(rec, p)| (rec.id.clone(), rec.rev, p.clone()))
                .collect()
        })
    })
}

#[component]
pub fn PeoplePage() -> impl IntoView {
    let state = expect_context::<AppState>();
    let show_archived = RwSignal::new(false);
    let people = person_rows(state);
    let archived = move || people.with(|p| p.iter().filter(|(_, _, p)| p.archived).count());
    let visible = move || {
        people
            .get()
            .into_iter()
            .filter(|(_, _, p)| show_archived.get() || !p.archived)
            .collect::<Vec<_>>()
    };
    view! {
        <header class="page-head">
            <h1>"People"</h1>
            <div class="actions">
                <A href=href("/development") attr:class="button">"Skills and development"</A>
                <A href=href("/people/new") attr:class="button primary">"Add person"</A>
            </div>
        </header>
        <Show when=move || { archived() > 0 }>
            <label class="check">
                <input type="checkbox" prop:checked=move || show_archived.get() on:change=move |ev| show_archived.set(event_target_checked(&ev)) />
                {move || format!("Show archived ({})", archived())}
            </label>
        </Show>
        <Show
            when=move || !visible().is_empty()
            fallback=|| view! { <p class="empty">"No one here yet. Add the first person on your team."</p> }
        >
            <ul class="cards" data-testid="people-list">
                <For each=visible key=|(id, rev, _)| (id.clone(), *rev) let((id, _, person))>
                    <PersonCard id person />
                </For>
            </ul>
        </Show>
    }
}

#[component]
fn PersonCard(id: String, person: Person) -> impl IntoView {
    let link = href(&format!("/people/{id}"));
    view! {
        <li class="card person-card" class:archived=person.archived>
            <A href=link attr:data-testid="person-link">
                <span class="card-title">{person.name.clone()}</span>
            </A>
            <span class="card-sub">{if person.role.is_empty() { "No role set".to_string() } else { person.role.clone() }}</span>
            <span class="card-meta">
                {format!("Check-ins: {}", person.cadence.label().to_ascii_lowercase())}
                {person.archived.then_some(" · archived")}
            </span>
        </li>
    }
}

#[component]
pub fn PersonPage(id: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let found = move || {
        state.repo.with(|r| {
            r.get(&id).and_then(|rec| match &rec.body {
                Body::Person(p) => Some((rec.id.clone(), rec.rev, p.clone())),
                _ => None,
            })
        })
    };
    view! {
        {move || match found() {
            None => view! { <NotFound what="person" /> }.into_any(),
            Some((id, rev, person)) => view! { <PersonDetails id rev person /> }.into_any(),
        }}
    }
}

#[component]
fn PersonDetails(id: String, rev: u64, person: Person) -> impl IntoView {
    let state = expect_context::<AppState>();
    let today = now().date();
    let edit_href = href(&format!("/people/{id}/edit"));
    let archived = person.archived;
    let (toggle_id, toggle_person) = (id.clone(), person.clone());
    let toggle = move |_| {
        // Archiving touches one field: on a conflict it is applied to the other tab's version.
        let target = Some((toggle_id.clone(), rev));
        save_change(state, target, toggle_person.clone(), |p: &mut Person| {
            p.archived = !archived
        });
        let synced = state.sync.with_untracked(|s| s.configured);
        state.say(match (archived, synced) {
            (true, false) => "Restored to the team.",
            (true, true) => "Restored to the team. If they use Trellis on their own device, make them a new invitation: from the next sync, the old one's key opens nothing new.",
            (false, false) => "Archived. Their history stays; find them under “Show archived”.",
            (false, true) => "Archived. Their history stays; find them under “Show archived”. From the next sync, their own device (if they joined) receives nothing new.",
        });
    };
    let detail = |label: &'static str, value: String| view! { <div class="detail"><dt>{label}</dt><dd>{value}</dd></div> };
    view! {
        <article data-testid="person-view">
            <header class="page-head">
                <div>
                    <p class="crumb"><A href=href("/people")>"People"</A></p>
                    <h1>{person.name.clone()}</h1>
                    <p class="sub">{if person.role.is_empty() { "No role set".to_string() } else { person.role.clone() }}
                        {archived.then_some(" · archived")}</p>
                </div>
                <div class="actions">
                    <A href=edit_href attr:class="button primary" attr:data-testid="edit-person">"Edit"</A>
                    <button type="button" on:click=toggle>{if archived { "Restore" } else { "Archive" }}</button>
                </div>
            </header>
            <dl class="details">
                {detail("Check-in cadence", person.cadence.label().to_string())}
                {detail("Start date", person.start_date.map(|d| format!("{} ({})", long_date(d), tenure(d, today))).unwrap_or_else(|| "Not set".into()))}
                {detail("Email", if person.email.is_empty() { "Not set".into() } else { person.email.clone() })}
            </dl>
            <crate::ui::team::TeamSlot piece=crate::ui::team::TeamPiece::SelfReport(id.clone()) />
            <crate::ui::development::DevSlot piece=crate::ui::development::DevPiece::Summary(id.clone()) />
            <crate::ui::meetings::PersonMeetings person=id.clone() who=person.clone() />
            <crate::ui::feedback::PersonFeedback person=id.clone() />
            <crate::ui::goals::PersonGoals owner=id.clone() />
            <crate::ui::insight::InsightSlot piece=crate::ui::insight::InsightPiece::Trends(id.clone()) />
        </article>
    }
}

#[component]
pub fn NotFound(#[prop(into)] what: String) -> impl IntoView {
    view! {
        <section class="not-found">
            <h1>{format!("No such {what}")}</h1>
            <p>"It may have been removed, or the link is incomplete."</p>
            <A href=href("/") attr:class="button">"Go to Home"</A>
        </section>
    }
}

#[component]
pub fn NewPersonPage() -> impl IntoView {
    view! { <PersonForm existing=None /> }
}

#[component]
pub fn EditPersonPage(id: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    // Read once: the form keeps its own copy while the user types.
    let existing =
        state
            .repo
            .with_untracked(|r| match r.get(&id).map(|rec| (rec.rev, &rec.body)) {
                Some((rev, Body::Person(p))) => Some((id.clone(), rev, p.clone())),
                _ => None,
            });
    match existing {
        None => view! { <NotFound what="person" /> }.into_any(),
        Some(e) => view! { <PersonForm existing=Some(e) /> }.into_any(),
    }
}

fn summary(p: &Person) -> Vec<(&'static str, String)> {
    vec![
        ("Name", p.name.clone()),
        ("Role", p.role.clone()),
        (
            "Start date",
            p.start_date.map(|d| d.to_string()).unwrap_or_default(),
        ),
        ("Email", p.email.clone()),
        ("Check-ins", p.cadence.label().to_string()),
    ]
}

/// Add or edit a person. `existing` is (id, revision the edit starts from, person).
#[component]
fn PersonForm(existing: Option<(String, u64, Person)>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let navigate = use_navigate();
    let base = existing.as_ref().map(|(_, _, p)| p.clone());
    let draft = base
        .as_ref()
        .map(PersonDraft::from_person)
        .unwrap_or_else(|| PersonDraft {
            cadence: "weekly".into(),
            ..Default::default()
        });
    let title = if existing.is_none() {
        "Add a person".to_string()
    } else {
        format!("Edit {}", draft.name)
    };
    let cancel_href = href(
        &existing
            .as_ref()
            .map(|(id, _, _)| format!("/people/{id}"))
            .unwrap_or_else(|| "/people".into()),
    );
    let editor = Editor::<Person>::new(existing.map(|(id, rev, _)| (id, rev)));
    let base = StoredValue::new(base);
    let name = RwSignal::new(draft.name);
    let role = RwSignal::new(draft.role);
    let start_date = RwSignal::new(draft.start_date);
    let email = RwSignal::new(draft.email);
    let cadence = RwSignal::new(draft.cadence);
    let errors = FormErrors::new();

    let saved = move |record: Option<crate::store::Record>| {
        if let Some(record) = record {
            state.say("Saved.");
            navigate(&format!("/people/{}", record.id));
        }
    };
    let saved = StoredValue::new(saved);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let draft = PersonDraft {
            name: name.get(),
            role: role.get(),
            start_date: start_date.get(),
            email: email.get(),
            cadence: cadence.get(),
        };
        match base.with_value(|b| draft.validate(b.as_ref(), now().date())) {
            Err(errs) => errors.show("person", errs),
            Ok(person) => {
                errors.clear();
                let record = editor.save(state, person);
                saved.with_value(|f| f(record));
            }
        }
    };
    let keep_mine = Callback::new(move |_| {
        let record = editor.keep_mine(state);
        saved.with_value(|f| f(record));
    });
    let take_theirs = Callback::new(move |_| {
        if let Some(theirs) = editor.take_theirs() {
            let d = PersonDraft::from_person(&theirs);
            name.set(d.name);
            role.set(d.role);
            start_date.set(d.start_date);
            email.set(d.email);
            cadence.set(d.cadence);
            base.set_value(Some(theirs));
        }
    });
    let cadence_options: Vec<_> = Cadence::ALL.iter().map(|c| (c.key(), c.label())).collect();

    view! {
        <header class="page-head">
            <h1>{title}</h1>
        </header>
        {move || editor.conflict.get().map(|(mine, theirs, _)| view! {
            <ConflictChooser what=theirs.name.clone() mine=summary(&mine) theirs=summary(&theirs) on_keep_mine=keep_mine on_take_theirs=take_theirs />
        })}
        <EditorNotices kept_in_memory=editor.kept_in_memory missing=editor.missing />
        <form class="form" novalidate on:submit=submit data-testid="person-form">
            <TextField id="person-name" label="Name" value=name error=errors.of("name") required=true autocomplete="name" />
            <TextField id="person-role" label="Role" value=role error=errors.of("role") hint="For example: Support engineer" />
            <TextField id="person-start_date" label="Start date" kind="date" value=start_date error=errors.of("start_date") />
            <TextField id="person-email" label="Email" kind="email" value=email error=errors.of("email") hint="Optional" autocomplete="email" />
            <SelectField id="person-cadence" label="Check-in cadence" value=cadence options=cadence_options error=errors.of("cadence") />
            <div class="actions">
                <button type="submit" class="primary">"Save"</button>
                <A href=cancel_href attr:class="button">"Cancel"</A>
            </div>
        </form>
    }
}
