//! The team performance charter: the current version with its fingerprint and who has
//! acknowledged it, editing (which saves a new version), comparing any two versions, printing.
use leptos::prelude::*;

use crate::domain::charter::{acknowledgements, compare, next_version, Change, SECTIONS};
use crate::domain::dates::long_date;
use crate::domain::goal::sort_small;
use crate::domain::{Acknowledgement, CharterVersion, GoalLevel};
use crate::store::Body;
use crate::ui::components::{CheckList, ChoiceField, FormErrors, TextArea, TextField};
use crate::ui::lookup::{goal_title, people_choices};
use crate::ui::state::{now, AppState, SaveOutcome};

/// Every saved version, oldest first.
fn versions(state: AppState) -> Vec<CharterVersion> {
    let mut v: Vec<CharterVersion> = state.repo.with(|r| {
        r.live()
            .filter_map(|rec| match &rec.body {
                Body::CharterVersion(v) => Some(v.clone()),
                _ => None,
            })
            .collect()
    });
    sort_small(&mut v, |a, b| a.number < b.number);
    v
}

#[component]
pub fn CharterPage() -> impl IntoView {
    let state = expect_context::<AppState>();
    let all = Memo::new(move |_| versions(state));
    let editing = RwSignal::new(false);
    view! {
        <article class="charter" data-testid="charter">
            <header class="page-head">
                <div>
                    <super::TeamTabs />
                    <h1>"Team charter"</h1>
                    <p class="sub">"What the team agrees on: shared goals, each person's contribution, how we support each other, how we talk and give feedback."</p>
                </div>
                <div class="actions">
                    <button type="button" class="primary" on:click=move |_| editing.set(true)>
                        {move || if all.with(Vec::is_empty) { "Write the charter" } else { "Edit charter" }}
                    </button>
                    <button type="button" on:click=move |_| { let _ = window().print(); }>"Print"</button>
                </div>
            </header>
            {move || editing.get().then(|| view! { <CharterForm latest=all.get().last().cloned() on_done=Callback::new(move |_| editing.set(false)) /> })}
            {move || match all.get().last().cloned() {
                None => view! { <p class="empty panel">"No charter yet. “Write the charter” starts from a template in plain words you can change."</p> }.into_any(),
                Some(v) => view! { <CurrentVersion version=v /> }.into_any(),
            }}
            {move || (all.with(Vec::len) > 1).then(|| view! { <Compare versions=all /> })}
        </article>
    }
}

/// The current version: its sections, fingerprint and acknowledgements.
#[component]
fn CurrentVersion(version: CharterVersion) -> impl IntoView {
    let state = expect_context::<AppState>();
    let fingerprint = version.fingerprint();
    let v = version.clone();
    let status = Memo::new(move |_| {
        let people = people_choices(state);
        let ids: Vec<String> = people.iter().map(|(id, _)| id.clone()).collect();
        state.repo.with(|r| {
            let acks: Vec<&Acknowledgement> = r
                .live()
                .filter_map(|rec| match &rec.body {
                    Body::CharterAck(a) => Some(a),
                    _ => None,
                })
                .collect();
            acknowledgements(&v, &ids, &acks)
                .into_iter()
                .zip(&people)
                .map(|((id, on), (_, name))| (id.to_string(), name.clone(), on))
                .collect::<Vec<_>>()
        })
    });
    let agreed = move || status.with(|s| s.iter().filter(|(_, _, on)| on.is_some()).count());
    // On a member's own device, only they can acknowledge.
    let only = match state.role() {
        crate::domain::scope::Role::Member(id) => Some(id),
        crate::domain::scope::Role::Manager => None,
    };
    let (number, fp) = (version.number, fingerprint.clone());
    let acknowledge = Callback::new(move |person: String| {
        let ack = Acknowledgement {
            person,
            version: number,
            fingerprint: fp.clone(),
            on: now().date(),
        };
        if let SaveOutcome::Saved(_) = state.save(None, Body::CharterAck(ack)) {
            state.say(format!("Acknowledged version {number}."));
        }
    });
    view! {
        <section class="panel charter-text" aria-labelledby="charter-version" data-testid="charter-current">
            <h2 id="charter-version">{format!("Version {} · agreed text", version.number)}</h2>
            <p class="fingerprint" data-testid="fingerprint">
                {format!("Saved {} · fingerprint ", long_date(version.saved_on))}<code>{fingerprint.clone()}</code>
            </p>
            {(!version.note.is_empty()).then(|| view! { <p class="card-sub">"What changed: "{version.note.clone()}</p> })}
            {SECTIONS.iter().zip(version.sections.clone()).map(|((title, _), text)| view! {
                <h3>{*title}</h3>
                {text.split("\n").filter(|l| !l.trim().is_empty()).map(|l| view! { <p>{l.to_string()}</p> }).collect_view()}
            }).collect_view()}
            {(!version.goals.is_empty()).then(|| view! {
                <h3>"Team goals it refers to"</h3>
                <ul class="notes">{version.goals.iter().map(|g| view! { <li>{goal_title(state, g)}</li> }).collect_view()}</ul>
            })}
        </section>
        <section class="panel" aria-labelledby="acks-title" data-testid="acknowledgements">
            <h2 id="acks-title">{move || format!("Acknowledged by {} of {}", agreed(), status.with(Vec::len))}</h2>
            <p class="hint">"Each member acknowledges this version. A new version starts everyone at pending again."</p>
            <ul class="due-list">
                {move || status.get().into_iter().map(|(id, name, on)| {
                    let label = format!("Acknowledge as {name}");
                    let may = only.as_ref().is_none_or(|me| *me == id);
                    view! {
                        <li class="due-row" data-testid="ack-row">
                            <span>{name.clone()}</span>
                            <span class="due-when">{match on {
                                Some(d) => format!("acknowledged {}", long_date(d)),
                                None => "pending".to_string(),
                            }}</span>
                            {(on.is_none() && may).then(|| view! {
                                <button type="button" aria-label=label on:click=move |_| acknowledge.run(id.clone())>"Acknowledge"</button>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}

/// Editing the charter: the latest version's words (or the template), saved as a new version.
#[component]
fn CharterForm(latest: Option<CharterVersion>, on_done: Callback<()>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let errors = FormErrors::new();
    let start = latest
        .clone()
        .unwrap_or_else(|| CharterVersion::template(now().date()));
    let texts: Vec<RwSignal<String>> = start
        .sections
        .iter()
        .map(|s| RwSignal::new(s.clone()))
        .collect();
    let goals = RwSignal::new(start.goals.clone());
    let note = RwSignal::new(String::new());
    let team_goals: Vec<(String, String)> = state.repo.with_untracked(|r| {
        r.goals()
            .into_iter()
            .filter(|(_, g)| !g.archived && g.level == GoalLevel::Strategic)
            .map(|(rec, g)| (rec.id.clone(), g.title.clone()))
            .collect()
    });
    let heading = match &latest {
        None => "First version".to_string(),
        Some(l) => format!("New version {}", l.number + 1),
    };
    let fields = texts.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let sections = fields.iter().map(|t| t.get_untracked()).collect();
        match next_version(
            latest.as_ref(),
            sections,
            goals.get_untracked(),
            &note.get_untracked(),
            now().date(),
        ) {
            Err(errs) => errors.show("charter", errs),
            Ok(v) => {
                let n = v.number;
                if let SaveOutcome::Saved(_) = state.save(None, Body::CharterVersion(v)) {
                    state.say(format!(
                        "Saved as version {n}. Everyone's acknowledgement is pending again."
                    ));
                }
                on_done.run(());
            }
        }
    };
    const IDS: [&str; 4] = ["section_0", "section_1", "section_2", "section_3"];
    view! {
        <form class="form panel charter-form" novalidate on:submit=submit data-testid="charter-form">
            <h2>{heading}</h2>
            {texts.into_iter().enumerate().map(|(i, text)| view! {
                <TextArea id=format!("charter-{}", IDS[i]) label=SECTIONS[i].0 value=text error=errors.of(IDS[i]) />
            }).collect_view()}
            {(!team_goals.is_empty()).then(|| view! {
                <CheckList id="charter-goals" legend="Team goals it refers to" options=team_goals selected=goals error=Signal::derive(|| None::<String>) />
            })}
            <TextField id="charter-note" label="What changed (optional)" value=note error=Signal::derive(|| None::<String>) />
            <div class="actions">
                <button type="submit" class="primary">"Save as a new version"</button>
                <button type="button" on:click=move |_| on_done.run(())>"Cancel"</button>
            </div>
        </form>
    }
}

/// Any two versions side by side, line by line.
#[component]
fn Compare(versions: Memo<Vec<CharterVersion>>) -> impl IntoView {
    let n = versions.with_untracked(Vec::len);
    let a = RwSignal::new((n - 1).to_string());
    let b = RwSignal::new(n.to_string());
    let options = Signal::derive(move || {
        versions.with(|v| {
            v.iter()
                .map(|x| {
                    (
                        x.number.to_string(),
                        format!("Version {} ({})", x.number, long_date(x.saved_on)),
                    )
                })
                .collect::<Vec<_>>()
        })
    });
    let find =
        move |n: &str| versions.with(|v| v.iter().find(|x| x.number.to_string() == n).cloned());
    view! {
        <section class="panel no-print" aria-labelledby="compare-title" data-testid="compare">
            <h2 id="compare-title">"Compare versions"</h2>
            <div class="filters">
                <ChoiceField id="compare-a" label="From" value=a options />
                <ChoiceField id="compare-b" label="To" value=b options />
            </div>
            {move || match (find(&a.get()), find(&b.get())) {
                (Some(x), Some(y)) => compare(&x, &y).into_iter().map(|(title, lines)| view! {
                    <h3>{title}</h3>
                    <ul class="diff">{lines.into_iter().map(|(c, line)| {
                        let (class, sign) = match c { Change::Same => ("same", "  "), Change::Added => ("added", "+ "), Change::Removed => ("removed", "− ") };
                        view! { <li class=class><span aria-hidden="true">{sign}</span>
                            {match c { Change::Added => view! { <span class="visually-hidden">"Added: "</span> }.into_any(), Change::Removed => view! { <span class="visually-hidden">"Removed: "</span> }.into_any(), Change::Same => ().into_any() }}
                            {line}</li> }
                    }).collect_view()}</ul>
                }).collect_view().into_any(),
                _ => ().into_any(),
            }}
        </section>
    }
}
