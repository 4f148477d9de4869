//! Performance standards per role (quality, productivity, the behavioural matrix), and rating a
//! person against their role's standards, with the history of ratings.
use leptos::prelude::*;

use super::TeamTabs;
use crate::domain::dates::{long_date, parse_iso};
use crate::domain::goal::sort_small;
use crate::domain::self_report::self_vs_rated;
use crate::domain::standards::{
    rated_items, standards_for, Level, Rating, RoleStandards, BEHAVIOURS,
};
use crate::domain::FieldError;
use crate::store::Body;
use crate::ui::components::{ChoiceField, FormErrors, TableScroll, TextArea, TextField};
use crate::ui::lookup::people_choices;
use crate::ui::router::query;
use crate::ui::state::{now, AppState, SaveOutcome};

fn all_standards(state: AppState) -> Vec<(String, u64, RoleStandards)> {
    state.repo.with(|r| {
        r.live()
            .filter_map(|rec| match &rec.body {
                Body::Standards(s) => Some((rec.id.clone(), rec.rev, s.clone())),
                _ => None,
            })
            .collect()
    })
}

#[component]
pub fn StandardsPage() -> impl IntoView {
    let state = expect_context::<AppState>();
    let standards = Memo::new(move |_| all_standards(state));
    let editing = RwSignal::new(None::<Option<(String, u64, RoleStandards)>>);
    view! {
        <article class="standards" data-testid="standards">
            <header class="page-head">
                <div>
                    <TeamTabs />
                    <h1>"Performance standards"</h1>
                    <p class="sub">"What good looks like per role: quality, productivity, and behaviours from below to exceeds. People are rated against their role's standards."</p>
                </div>
                <button type="button" class="primary" on:click=move |_| editing.set(Some(None))>"Add standards for a role"</button>
            </header>
            {move || editing.get().map(|existing| view! { <StandardsForm existing on_done=Callback::new(move |_| editing.set(None)) /> })}
            <RatePerson standards />
            {move || standards.get().into_iter().map(|(id, rev, s)| {
                let edit = (id.clone(), rev, s.clone());
                view! {
                    <section class="panel" data-testid="role-standards">
                        <div class="panel-head">
                            <h2>{s.role.clone()}</h2>
                            <button type="button" on:click=move |_| editing.set(Some(Some(edit.clone())))>"Edit"</button>
                        </div>
                        <h3>"Quality"</h3><p class="prewrap">{s.quality.clone()}</p>
                        <h3>"Productivity"</h3><p class="prewrap">{s.productivity.clone()}</p>
                        <h3>"Behaviours"</h3>
                        <TableScroll label=format!("Behaviours for {}", s.role)><table>
                            <thead><tr><th scope="col">"Behaviour"</th>{Level::ALL.map(|l| view! { <th scope="col">{l.label()}</th> }).collect_view()}</tr></thead>
                            <tbody>{BEHAVIOURS.iter().zip(s.behaviours.clone()).map(|(b, levels)| view! {
                                <tr><th scope="row">{*b}</th>{levels.into_iter().map(|t| view! { <td>{t}</td> }).collect_view()}</tr>
                            }).collect_view()}</tbody>
                        </table></TableScroll>
                    </section>
                }
            }).collect_view()}
        </article>
    }
}

#[component]
fn StandardsForm(
    existing: Option<(String, u64, RoleStandards)>,
    on_done: Callback<()>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let errors = FormErrors::new();
    let start = existing
        .as_ref()
        .map(|(_, _, s)| s.clone())
        .unwrap_or_default();
    let role = RwSignal::new(start.role.clone());
    let quality = RwSignal::new(start.quality.clone());
    let productivity = RwSignal::new(start.productivity.clone());
    let cells: Vec<[RwSignal<String>; 3]> = (0..BEHAVIOURS.len())
        .map(|i| {
            let b = start.behaviours.get(i).cloned().unwrap_or_default();
            [
                RwSignal::new(b[0].clone()),
                RwSignal::new(b[1].clone()),
                RwSignal::new(b[2].clone()),
            ]
        })
        .collect();
    let target = existing.map(|(id, rev, _)| (id, rev));
    let read = cells.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let s = RoleStandards {
            role: role.get_untracked().trim().to_string(),
            quality: quality.get_untracked().trim().to_string(),
            productivity: productivity.get_untracked().trim().to_string(),
            behaviours: read
                .iter()
                .map(|c| c.map(|x| x.get_untracked().trim().to_string()))
                .collect(),
        };
        let errs = s.problems();
        if !errs.is_empty() {
            return errors.show("std", errs);
        }
        match state.save(target.clone(), Body::Standards(s)) {
            SaveOutcome::Conflict(_) | SaveOutcome::Missing => errors.show(
                "std",
                vec![FieldError::new("role", "These standards changed in another tab: open them again to edit the newest version.")],
            ),
            SaveOutcome::NotAllowed => {}
            _ => {
                state.say("Standards saved.");
                on_done.run(());
            }
        }
    };
    view! {
        <form class="form panel" novalidate on:submit=submit data-testid="standards-form">
            <TextField id="std-role" label="Role" value=role error=errors.of("role") hint="As written on people's pages, e.g. “Support Engineer”." />
            <TextArea id="std-quality" label="Quality" value=quality error=errors.of("quality") hint="Output criteria, accuracy or error thresholds, satisfaction standards." />
            <TextArea id="std-productivity" label="Productivity" value=productivity error=errors.of("productivity") hint="Volumes, deadline adherence, efficiency." />
            <fieldset id="std-behaviours" tabindex="-1">
                <legend>"Behaviours: what below, meets and exceeds look like"</legend>
                {cells.into_iter().enumerate().map(|(i, levels)| view! {
                    <h3>{BEHAVIOURS[i]}</h3>
                    <div class="row-3">
                        {levels.into_iter().zip(Level::ALL).map(|(v, l)| view! {
                            <TextField id=format!("std-b{i}-{}", l.key()) label=format!("{} – {}", BEHAVIOURS[i], l.label()) value=v error=Signal::derive(|| None::<String>) />
                        }).collect_view()}
                    </div>
                }).collect_view()}
                <p class="field-error" id="std-behaviours-error">{move || errors.of("behaviours").get()}</p>
            </fieldset>
            <div class="actions">
                <button type="submit" class="primary">"Save standards"</button>
                <button type="button" on:click=move |_| on_done.run(())>"Cancel"</button>
            </div>
        </form>
    }
}

/// Rate a person against their role's standards; their latest ratings and the history.
#[component]
fn RatePerson(standards: Memo<Vec<(String, u64, RoleStandards)>>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let today = now().date();
    let errors = FormErrors::new();
    let person = RwSignal::new(query("person").unwrap_or_default());
    let item = RwSignal::new("Quality".to_string());
    let level = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let date = RwSignal::new(today.to_string());
    let mut people = vec![(String::new(), "Choose a person".to_string())];
    people.extend(people_choices(state));
    let items: Vec<(String, String)> = rated_items()
        .into_iter()
        .map(|i| (i.to_string(), i.to_string()))
        .collect();
    let role_of = move |p: &str| {
        state.repo.with(|r| match r.get(p).map(|rec| &rec.body) {
            Some(Body::Person(x)) => x.role.clone(),
            _ => String::new(),
        })
    };
    let applies = Memo::new(move |_| {
        let role = role_of(&person.get());
        standards
            .with(|all| {
                let refs: Vec<&RoleStandards> = all.iter().map(|(_, _, s)| s).collect();
                standards_for(&role, &refs).map(|s| s.role.clone())
            })
            .ok_or(role)
    });
    let ratings = Memo::new(move |_| {
        let p = person.get();
        state.repo.with(|r| {
            let mut mine: Vec<Rating> = super::report::ratings_of(r, &p)
                .into_iter()
                .cloned()
                .collect();
            sort_small(&mut mine, |a, b| a.on > b.on);
            mine
        })
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let rating = Rating {
            person: person.get_untracked(),
            item: item.get_untracked(),
            level: Level::from_key(&level.get_untracked()),
            on: parse_iso(&date.get_untracked()).unwrap_or(today),
            note: note.get_untracked().trim().to_string(),
            by_self: false,
        };
        let mut errs = rating.problems(Some(today));
        if rating.person.is_empty() {
            errs.insert(0, FieldError::new("person", "Choose who is rated."));
        }
        if parse_iso(&date.get_untracked()).is_none() {
            errs.push(FieldError::new("on", "Enter the date, e.g. 2026-11-20."));
        }
        if !errs.is_empty() {
            return errors.show("rate", errs);
        }
        errors.clear();
        if let SaveOutcome::Saved(_) = state.save(None, Body::Rating(rating)) {
            state.say("Rating saved. Earlier ratings stay in the history.");
        }
        level.set(String::new());
        note.set(String::new());
    };
    view! {
        <section class="panel" aria-labelledby="rate-title" data-testid="rate">
            <h2 id="rate-title">"Rate against the standards"</h2>
            <ChoiceField id="rate-person" label="Person" value=person options=Signal::stored(people) error=errors.of("person") />
            {move || (!person.get().is_empty()).then(|| match applies.get() {
                Ok(role) => view! { <p class="hint">{format!("Rated against the standards for {role}.")}</p> }.into_any(),
                Err(role) => view! { <p class="inline-warning">{format!("No standards for their role ({}) yet: add them above, or rate against the general items.", if role.is_empty() { "none set" } else { role.as_str() })}</p> }.into_any(),
            })}
            <form class="form" novalidate on:submit=submit>
                <ChoiceField id="rate-item" label="What is rated" value=item options=Signal::stored(items) error=errors.of("item") />
                <fieldset class="choice-row" id="rate-level" tabindex="-1" aria-describedby="rate-level-error">
                    <legend>"Level"</legend>
                    {Level::ALL.map(|l| view! {
                        <label class="check"><input type="radio" name="rate-level" prop:checked=move || level.get() == l.key() on:change=move |_| level.set(l.key().into()) />" "{l.label()}</label>
                    }).collect_view()}
                    <p class="field-error" id="rate-level-error">{move || errors.of("level").get()}</p>
                </fieldset>
                <TextField id="rate-note" label="Note (optional)" value=note error=errors.of("note") />
                <TextField id="rate-on" label="Date" kind="date" value=date error=errors.of("on") />
                <div class="actions"><button type="submit" class="primary">"Save rating"</button></div>
            </form>
            {move || (!person.get().is_empty()).then(|| {
                let all = ratings.get();
                let refs: Vec<&Rating> = all.iter().collect();
                let latest: Vec<(&str, Option<Rating>, Option<Rating>)> = self_vs_rated(&person.get(), &refs).into_iter().map(|(i, own, r, _)| (i, r.cloned(), own.cloned())).collect();
                view! {
                    <h3>"Latest"</h3>
                    <ul class="due-list" data-testid="latest-ratings">
                        {latest.into_iter().map(|(i, r, own)| view! {
                            <li class="due-row"><span>{i}</span><span class="due-when">{match r {
                                Some(r) => format!("{} · {}", r.level.map_or("", |l| l.label()), long_date(r.on)),
                                None => "not rated yet".into(),
                            }}{own.and_then(|o| o.level).map(|l| format!(" (self: {})", l.label()))}</span></li>
                        }).collect_view()}
                    </ul>
                    <h3>"History"</h3>
                    <ul class="notes" data-testid="rating-history">
                        {all.into_iter().map(|r| view! {
                            <li>{format!("{} · {}: {}{}{}", long_date(r.on), r.item, r.level.map_or("", |l| l.label()), if r.by_self { " (self-assessment)" } else { "" }, if r.note.is_empty() { String::new() } else { format!(" · {}", r.note) })}</li>
                        }).collect_view()}
                    </ul>
                }
            })}
        </section>
    }
}
