//! The two composers: recognition from a script (placeholders, live preview, copy, log as
//! given) with the team's own scripts, and the five-step corrective conversation with the
//! checker's hints and a follow-up date.
use leptos::prelude::*;

use crate::domain::dates::{long_date, parse_iso, Date};
use crate::domain::feedback::{
    fill, unfilled, Corrective, FeedbackKind, RecognitionScript, BUILT_IN_SCRIPTS, PLACEHOLDERS,
};
use crate::domain::feedback_check::{hints, problems};
use crate::domain::validate::message_for;
use crate::domain::{Feedback, FieldError};
use crate::store::{drafts, Body};
use crate::ui::browser::copy_text;
use crate::ui::components::draft::{clear_fields, keep_draft, DraftNotice};
use crate::ui::components::{ChoiceField, FormErrors, TextArea, TextField};
use crate::ui::href;
use crate::ui::lookup::{first_name, people_choices, person_goals, person_name};
use crate::ui::router::{query, use_navigate};
use crate::ui::state::{now, AppState, SaveOutcome};
use leptos_router::components::A;

/// Saves new feedback; on success says `message` and opens the person's log. The form's draft
/// (`draft`) is done with either way: the feedback is saved, or kept in memory with a banner.
fn log_feedback(
    state: AppState,
    f: Feedback,
    draft: &str,
    message: String,
    navigate: impl Fn(&str),
) {
    let person = f.person.clone();
    drafts::clear(draft);
    // Kept only in memory, the banner says storage refused it and offers an export.
    if let SaveOutcome::Saved(_) = state.save(None, Body::Feedback(f)) {
        state.say(message);
    }
    navigate(&format!("/feedback?person={person}"));
}

/// A date typed into a form that must be a real date, today or earlier (when the feedback was
/// given): the error goes under `field`.
pub(super) fn given_on(text: &str, today: Date, field: &'static str) -> Result<Date, FieldError> {
    match parse_iso(text) {
        None => Err(FieldError::new(
            field,
            "Enter the date it was given, e.g. 2026-11-20.",
        )),
        Some(d) if d > today => Err(FieldError::new(
            field,
            "That date is in the future: feedback is logged once given.",
        )),
        Some(d) => Ok(d),
    }
}

/// "Copy" for a text, with what happened (copied, or the browser refused).
#[component]
fn CopyButton(#[prop(into)] text: Signal<String>, #[prop(into)] label: String) -> impl IntoView {
    let status = RwSignal::new(String::new());
    let copy = move |_| {
        copy_text(&text.get_untracked(), move |ok| {
            status.set(if ok {
                "Copied.".into()
            } else {
                "The browser did not allow copying: select the text above and copy it (Ctrl+C or ⌘C).".into()
            })
        })
    };
    view! {
        <button type="button" on:click=copy>{label}</button>
        <span class="copy-status" role="status">{move || status.get()}</span>
    }
}

/// The goals of the chosen person, for "linked to a goal", with "none" first.
fn goal_options(state: AppState, person: RwSignal<String>) -> Signal<Vec<(String, String)>> {
    Signal::derive(move || {
        let mut o = vec![(String::new(), "No goal".to_string())];
        o.extend(
            person_goals(state, &person.get())
                .into_iter()
                .map(|(id, _, g)| (id, g.title)),
        );
        o
    })
}

/// The person chooser of a composer, starting from `?person=` when given.
fn person_field(
    state: AppState,
    id: &'static str,
    label: &'static str,
    value: RwSignal<String>,
    errors: FormErrors,
) -> impl IntoView {
    let mut options = vec![(String::new(), "Choose a person".to_string())];
    options.extend(people_choices(state));
    view! { <ChoiceField id label value options=Signal::stored(options) error=errors.of("person") /> }
}

fn script_key_builtin(i: usize) -> String {
    format!("builtin-{i}")
}

#[component]
pub fn RecognizePage() -> impl IntoView {
    let state = expect_context::<AppState>();
    let navigate = use_navigate();
    let today = now().date();
    let errors = FormErrors::new();
    let person = RwSignal::new(query("person").unwrap_or_default());
    let own_scripts = Memo::new(move |_| {
        state.repo.with(|r| {
            r.live()
                .filter_map(|rec| match &rec.body {
                    Body::RecognitionScript(s) => Some((rec.id.clone(), rec.rev, s.clone())),
                    _ => None,
                })
                .collect::<Vec<_>>()
        })
    });
    let script = RwSignal::new(script_key_builtin(0));
    // (name, text) of the chosen script.
    let chosen = Memo::new(move |_| {
        let key = script.get();
        BUILT_IN_SCRIPTS
            .iter()
            .enumerate()
            .find(|(i, _)| script_key_builtin(*i) == key)
            .map(|(_, (n, t))| (n.to_string(), t.to_string()))
            .or_else(|| {
                own_scripts.with(|s| {
                    s.iter()
                        .find(|(id, _, _)| *id == key)
                        .map(|(_, _, s)| (s.name.clone(), s.text.clone()))
                })
            })
            .unwrap_or_default()
    });
    let script_options = Signal::derive(move || {
        let mut o: Vec<(String, String)> = BUILT_IN_SCRIPTS
            .iter()
            .enumerate()
            .map(|(i, (n, _))| (script_key_builtin(i), n.to_string()))
            .collect();
        own_scripts.with(|s| {
            o.extend(
                s.iter()
                    .map(|(id, _, s)| (id.clone(), format!("{} (team script)", s.name))),
            )
        });
        o
    });
    let name = RwSignal::new(String::new());
    // The name in the script follows the chosen person; it can still be edited.
    let name_of = move |p: &str| {
        if p.is_empty() {
            String::new()
        } else {
            first_name(&person_name(state, p)).to_string()
        }
    };
    name.set(name_of(&person.get_untracked()));
    Effect::watch(
        move || person.get(),
        move |p, _, _| name.set(name_of(p)),
        false,
    );
    let what = RwSignal::new(String::new());
    let impact = RwSignal::new(String::new());
    let goal = RwSignal::new(String::new());
    let public = RwSignal::new(false);
    let date = RwSignal::new(today.to_string());
    let fields = [person, script, name, what, impact, goal, date];
    const TYPED: &[usize] = &[3, 4];
    let restored = keep_draft("recognition", fields, TYPED);
    let preview = Signal::derive(move || {
        chosen.with(|(_, text)| fill(text, &[&name.get(), &what.get(), &impact.get()]))
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (script_name, text) = chosen.get_untracked();
        let values = [
            name.get_untracked(),
            what.get_untracked(),
            impact.get_untracked(),
        ];
        let mut errs = vec![];
        if person.get_untracked().is_empty() {
            errs.push(FieldError::new("person", "Choose who you are recognising."));
        }
        errs.extend(unfilled(&text, &[&values[0], &values[1], &values[2]]));
        let on = given_on(&date.get_untracked(), today, "given_on");
        if let Err(e) = &on {
            errs.push(e.clone());
        }
        if !errs.is_empty() {
            return errors.show("rec", errs);
        }
        errors.clear();
        let mut f = Feedback::new(
            FeedbackKind::Recognition,
            &person.get_untracked(),
            on.expect("checked"),
        );
        f.text = preview.get_untracked();
        f.script = script_name;
        f.public = public.get_untracked();
        f.goal = Some(goal.get_untracked()).filter(|g| !g.is_empty());
        let who = person_name(state, &f.person);
        log_feedback(
            state,
            f,
            "recognition",
            format!("Recognition for {who} logged."),
            &navigate,
        );
    };
    let labels = PLACEHOLDERS.map(|(_, l)| l);
    view! {
        <article class="composer" data-testid="recognize">
            <header class="page-head">
                <div>
                    <p class="crumb"><A href=href("/feedback")>"Feedback"</A></p>
                    <h1>"Give recognition"</h1>
                    <p class="sub">"Specific, timely, and tied to what it meant for the team."</p>
                </div>
            </header>
            <DraftNotice restored discard=Callback::new(move |_| clear_fields(&fields, TYPED)) />
            <form class="form panel" novalidate on:submit=submit>
                {person_field(state, "rec-person", "Who", person, errors)}
                <ChoiceField id="rec-script" label="Script" value=script options=script_options />
                <TextField id="rec-person_name" label="Name in the script" value=name error=errors.of("person_name") />
                <TextField id="rec-what" label=labels[1] value=what error=errors.of("what")
                    hint="e.g. “the churn analysis you sent on Tuesday”" />
                <TextField id="rec-impact" label=labels[2] value=impact error=errors.of("impact")
                    hint="e.g. “we kept both accounts up for renewal”" />
                <section class="preview" aria-labelledby="rec-preview-title">
                    <h2 id="rec-preview-title">"Preview"</h2>
                    <p data-testid="preview" aria-live="polite">{move || preview.get()}</p>
                    <CopyButton text=preview label="Copy text" />
                </section>
                <ChoiceField id="rec-goal" label="Linked goal (optional)" value=goal options=goal_options(state, person) />
                <fieldset class="choice-row">
                    <legend>"How it was given"</legend>
                    <label class="check"><input type="radio" name="rec-public" prop:checked=move || !public.get() on:change=move |_| public.set(false) />" One to one"</label>
                    <label class="check"><input type="radio" name="rec-public" prop:checked=move || public.get() on:change=move |_| public.set(true) />" In front of the team"</label>
                </fieldset>
                <TextField id="rec-given_on" label="Given on" kind="date" value=date error=errors.of("given_on") />
                <crate::ui::components::Audience scope=Signal::derive(move || if public.get() { crate::domain::scope::Scope::Team } else { crate::domain::scope::Scope::of_person(&person.get()) }) />
                <div class="actions">
                    <button type="submit" class="primary">"Log as given"</button>
                </div>
            </form>
            <TeamScripts scripts=own_scripts />
        </article>
    }
}

/// The team's own recognition scripts: add, change, delete.
#[component]
fn TeamScripts(scripts: Memo<Vec<(String, u64, RecognitionScript)>>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let errors = FormErrors::new();
    let editing = RwSignal::new(None::<(String, u64)>);
    let name = RwSignal::new(String::new());
    let text = RwSignal::new(String::new());
    let reset = move || {
        editing.set(None);
        name.set(String::new());
        text.set(String::new());
        errors.clear();
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let s = RecognitionScript {
            name: name.get_untracked().trim().to_string(),
            text: text.get_untracked().trim().to_string(),
        };
        let errs = s.problems();
        if !errs.is_empty() {
            return errors.show("script", errs);
        }
        match state.save(editing.get_untracked(), Body::RecognitionScript(s)) {
            SaveOutcome::Conflict(_) | SaveOutcome::Missing => errors.show(
                "script",
                vec![FieldError::new(
                    "script_name",
                    "This script changed in another tab: open it again to edit the newest version.",
                )],
            ),
            SaveOutcome::NotAllowed => {}
            _ => {
                state.say("Script saved: pick it under “Script”.");
                reset();
            }
        }
    };
    view! {
        <section class="panel" aria-labelledby="scripts-title" data-testid="team-scripts">
            <h2 id="scripts-title">"Your team's scripts"</h2>
            <ul class="notes">
                {move || scripts.get().into_iter().map(|(id, rev, s)| {
                    let (edit_id, del_id) = (id.clone(), id.clone());
                    let (n, t) = (s.name.clone(), s.text.clone());
                    view! {
                        <li>
                            <strong>{s.name}</strong>": "{s.text}" "
                            <button type="button" class="link" on:click=move |_| {
                                editing.set(Some((edit_id.clone(), rev)));
                                name.set(n.clone());
                                text.set(t.clone());
                            }>"Edit"</button>
                            <button type="button" class="link" on:click=move |_| {
                                state.delete(&del_id, rev);
                                state.say("Script deleted.");
                            }>"Delete"</button>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <form class="form" novalidate on:submit=submit>
                <TextField id="script-script_name" label="Script name" value=name error=errors.of("script_name") />
                <TextArea id="script-script_text" label="Script text" value=text error=errors.of("script_text")
                    hint="Use {person}, {what} and {impact} where the form should fill in the name, what they did and its impact." />
                <div class="actions">
                    <button type="submit">{move || if editing.with(Option::is_some) { "Save changes" } else { "Add script" }}</button>
                    <Show when=move || editing.with(Option::is_some)>
                        <button type="button" on:click=move |_| reset()>"Cancel"</button>
                    </Show>
                </div>
            </form>
        </section>
    }
}

/// One step of the corrective conversation: its field, and the checker's advice under it.
#[component]
fn Step(
    field: &'static str,
    label: &'static str,
    hint: &'static str,
    value: RwSignal<String>,
    errors: FormErrors,
    advice: Memo<Vec<FieldError>>,
) -> impl IntoView {
    view! {
        <TextArea id=format!("cf-{field}") label value error=errors.of(field) hint />
        {move || advice.with(|a| message_for(a, field)).map(|m| view! {
            <p class="advice" role="status" data-testid=format!("hint-{field}")>{m}</p>
        })}
    }
}

#[component]
pub fn CorrectivePage() -> impl IntoView {
    let state = expect_context::<AppState>();
    let navigate = use_navigate();
    let today = now().date();
    let errors = FormErrors::new();
    let person = RwSignal::new(query("person").unwrap_or_default());
    let observation = RwSignal::new(String::new());
    let impact = RwSignal::new(String::new());
    let expectation = RwSignal::new(String::new());
    let support = RwSignal::new(String::new());
    let follow_up = RwSignal::new(String::new());
    let goal = RwSignal::new(String::new());
    let fields = [
        person,
        observation,
        impact,
        expectation,
        support,
        follow_up,
        goal,
    ];
    const TYPED: &[usize] = &[1, 2, 3, 4];
    let restored = keep_draft("corrective", fields, TYPED);
    let draft = Memo::new(move |_| Corrective {
        observation: observation.get(),
        impact: impact.get(),
        expectation: expectation.get(),
        support: support.get(),
        follow_up: parse_iso(&follow_up.get()),
        ..Corrective::default()
    });
    let advice = Memo::new(move |_| draft.with(|c| hints(&c.steps(), today)));
    let conversation = Signal::derive(move || {
        let name = person.with(|p| {
            if p.is_empty() {
                String::new()
            } else {
                first_name(&person_name(state, p)).to_string()
            }
        });
        draft.with(|c| c.conversation(&name))
    });
    let in_days = move |n: i64| follow_up.set(today.add_days(n).to_string());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let c = draft.get_untracked();
        let mut errs = vec![];
        if person.get_untracked().is_empty() {
            errs.push(FieldError::new(
                "person",
                "Choose who the conversation is with.",
            ));
        }
        errs.extend(problems(&c.steps(), today));
        if !follow_up.get_untracked().trim().is_empty() && c.follow_up.is_none() {
            errs.retain(|e| e.field != "follow_up");
            errs.push(FieldError::new(
                "follow_up",
                "Enter the follow-up as a date, e.g. 2026-12-04.",
            ));
        }
        if !errs.is_empty() {
            return errors.show("cf", errs);
        }
        errors.clear();
        let due = c.follow_up.expect("checked");
        let mut f = Feedback::new(FeedbackKind::Corrective, &person.get_untracked(), today);
        f.goal = Some(goal.get_untracked()).filter(|g| !g.is_empty());
        f.corrective = Some(c);
        let who = person_name(state, &f.person);
        log_feedback(
            state,
            f,
            "corrective",
            format!("Saved. The follow-up with {who} is due {}: it shows on Home and in their next check-in.", long_date(due)),
            &navigate,
        );
    };
    view! {
        <article class="composer" data-testid="corrective">
            <header class="page-head">
                <div>
                    <p class="crumb"><A href=href("/feedback")>"Feedback"</A></p>
                    <h1>"Corrective feedback"</h1>
                    <p class="sub">"Five steps: what you saw, why it matters, what good looks like, your help, and when you will check in."</p>
                </div>
            </header>
            <DraftNotice restored discard=Callback::new(move |_| clear_fields(&fields, TYPED)) />
            <form class="form panel" novalidate on:submit=submit>
                {person_field(state, "cf-person", "With", person, errors)}
                <Step field="observation" label="1. Specific observation" value=observation errors advice
                    hint="I've noticed that … (what you saw or heard, and when)" />
                <Step field="impact" label="2. Impact" value=impact errors advice
                    hint="This affects … (which goal, customer or colleague, and how)" />
                <Step field="expectation" label="3. Expectation" value=expectation errors advice
                    hint="What I need to see is … (something you will be able to see or count)" />
                <Step field="support" label="4. Support offer" value=support errors advice
                    hint="How can I help you achieve this? I can …" />
                <TextField id="cf-follow_up" label="5. Follow-up date" kind="date" value=follow_up error=errors.of("follow_up")
                    hint="Let's check on progress on … It comes back on Home and in their next check-in." />
                {move || advice.with(|a| message_for(a, "follow_up")).map(|m| view! { <p class="advice" role="status">{m}</p> })}
                <div class="actions">
                    <button type="button" on:click=move |_| in_days(7)>"In 1 week"</button>
                    <button type="button" on:click=move |_| in_days(14)>"In 2 weeks"</button>
                </div>
                <ChoiceField id="cf-goal" label="Linked goal (optional)" value=goal options=goal_options(state, person) />
                <section class="preview" aria-labelledby="cf-preview-title">
                    <h2 id="cf-preview-title">"The conversation"</h2>
                    <div data-testid="conversation">
                        {move || conversation.get().split("\n\n").map(|p| view! { <p>{p.to_string()}</p> }).collect_view()}
                    </div>
                    <CopyButton text=conversation label="Copy conversation" />
                </section>
                <crate::ui::components::Audience scope=Signal::derive(move || crate::domain::scope::Scope::of_person(&person.get())) />
                <div class="actions">
                    <button type="submit" class="primary">"Save and schedule follow-up"</button>
                    <span class="hint" data-testid="hint-count">{move || match advice.with(Vec::len) {
                        0 => String::new(),
                        1 => "1 suggestion above; you can still save.".into(),
                        n => format!("{n} suggestions above; you can still save."),
                    }}</span>
                </div>
            </form>
        </article>
    }
}
