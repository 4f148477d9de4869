//! The feedback log (a person's or the team's, filtered by kind and dates, as a timeline),
//! peer feedback, and requests for it that stay pending until each peer answers.
use leptos::prelude::*;

use super::compose::given_on;
use super::{feedback_in, wins_in};
use crate::domain::dates::{long_date, parse_iso, short_date};
use crate::domain::feedback::{timeline, Balance, EntryKind, FeedbackKind, LogFilter};
use crate::domain::{Feedback, FeedbackRequest, FieldError};
use crate::store::Body;
use crate::ui::components::{CheckList, ChoiceField, FormErrors, TextArea, TextField};
use crate::ui::href;
use crate::ui::lookup::{goal_title, people_choices, person_goals, person_name};
use crate::ui::router::{query, use_navigate};
use crate::ui::state::{now, AppState, SaveOutcome};
use leptos_router::components::A;

/// The links to every way of giving feedback, for the log's header.
fn give_links(person: &str) -> impl IntoView {
    let q = if person.is_empty() {
        String::new()
    } else {
        format!("?person={person}")
    };
    view! {
        <div class="actions give-links">
            <A href=href(&format!("/feedback/recognize{q}")) attr:class="button primary">"Give recognition"</A>
            <A href=href(&format!("/feedback/corrective{q}")) attr:class="button">"Corrective feedback"</A>
            <A href=href(&format!("/feedback/peer{}", q.replace("person", "to"))) attr:class="button">"Peer feedback"</A>
            <A href=href(&format!("/feedback/request{q}")) attr:class="button">"Request feedback"</A>
            <A href=href("/wins") attr:class="button">"Team wins"</A>
        </div>
    }
}

#[component]
pub fn FeedbackPage() -> impl IntoView {
    let state = expect_context::<AppState>();
    let person = RwSignal::new(query("person").unwrap_or_default());
    let kind = RwSignal::new(String::new());
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let mut people = vec![(String::new(), "Everyone".to_string())];
    people.extend(people_choices(state));
    let mut kinds = vec![(String::new(), "All kinds".to_string())];
    kinds.extend(EntryKind::ALL.map(|k| (k.key().to_string(), k.label().to_string())));
    let filter = Memo::new(move |_| LogFilter {
        kind: kind.with(|k| EntryKind::ALL.into_iter().find(|e| e.key() == k)),
        from: parse_iso(&from.get()),
        to: parse_iso(&to.get()),
    });
    let entries = Memo::new(move |_| {
        state.repo.with(|r| {
            let p = person.get();
            let f = filter.get();
            timeline(
                Some(p.as_str()).filter(|p| !p.is_empty()),
                feedback_in(r),
                wins_in(r),
                &f,
            )
            .into_iter()
            .filter_map(|(id, _, _)| {
                r.get(id)
                    .map(|rec| (rec.id.clone(), rec.rev, rec.body.clone()))
            })
            .collect::<Vec<_>>()
        })
    });
    let balance = Memo::new(move |_| {
        let p = person.get();
        (!p.is_empty()).then(|| {
            state.repo.with(|r| {
                Balance::of(
                    &p,
                    feedback_in(r).map(|(_, f)| f),
                    wins_in(r).map(|(_, w)| w),
                    now().date(),
                )
                .text()
            })
        })
    });
    let date_error = Signal::derive(move || {
        let bad = |s: &str| !s.trim().is_empty() && parse_iso(s).is_none();
        (bad(&from.get()) || bad(&to.get())).then(|| "Dates are written 2026-11-20.".to_string())
    });
    view! {
        <article data-testid="feedback-log">
            <header class="page-head">
                <div>
                    <h1>{move || {
                        let p = person.get();
                        if p.is_empty() { "Feedback".to_string() } else { format!("Feedback: {}", person_name(state, &p)) }
                    }}</h1>
                    <p class="sub" data-testid="log-balance">{move || balance.get().unwrap_or_else(|| "Recognition, corrective conversations, peer feedback and team wins.".into())}</p>
                </div>
            </header>
            {move || give_links(&person.get())}
            <PendingRequests />
            <section class="panel" aria-labelledby="log-title">
                <h2 id="log-title">"Timeline"</h2>
                <div class="filters">
                    <ChoiceField id="log-person" label="Person" value=person options=Signal::stored(people) />
                    <ChoiceField id="log-kind" label="Kind" value=kind options=Signal::stored(kinds) />
                    <TextField id="log-from" label="From" kind="date" value=from error=date_error />
                    <TextField id="log-to" label="To" kind="date" value=to error=Signal::derive(|| None::<String>) />
                </div>
                {move || if entries.with(Vec::is_empty) {
                    view! { <p class="empty">"Nothing logged for this choice yet."</p> }.into_any()
                } else {
                    view! {
                        <ol class="timeline" data-testid="timeline">
                            {entries.get().into_iter().map(|(id, rev, body)| view! { <Entry id rev body /> }).collect_view()}
                        </ol>
                    }.into_any()
                }}
            </section>
        </article>
    }
}

/// One entry of the timeline.
#[component]
fn Entry(id: String, rev: u64, body: Body) -> impl IntoView {
    let state = expect_context::<AppState>();
    let confirm = RwSignal::new(false);
    let delete_id = id.clone();
    let delete = move |_| {
        state.delete(&delete_id, rev);
        state.say("Deleted from the log.");
    };
    let (kind, on, head, main): (EntryKind, _, String, AnyView) = match body {
        Body::Feedback(f) => {
            let who = person_name(state, &f.person);
            let head = match f.kind {
                FeedbackKind::Recognition => format!(
                    "{who} · {}{}",
                    if f.public {
                        "in front of the team"
                    } else {
                        "one to one"
                    },
                    if f.script.is_empty() {
                        String::new()
                    } else {
                        format!(" · {}", f.script)
                    }
                ),
                FeedbackKind::Peer => format!("{who} · from {}", person_name(state, &f.from)),
                FeedbackKind::Corrective => who.clone(),
            };
            let goal = f.goal.clone().map(|g| view! {
                <p class="card-sub">"Goal: "<A href=href(&format!("/goals/{g}"))>{goal_title(state, &g)}</A></p>
            });
            let main = match (&f.kind, &f.corrective) {
                (FeedbackKind::Corrective, Some(c)) => {
                    let status = match (c.followed_up, c.follow_up) {
                        (Some(d), _) => format!(
                            "Followed up {}{}",
                            short_date(d),
                            if c.outcome.is_empty() {
                                String::new()
                            } else {
                                format!(": {}", c.outcome)
                            }
                        ),
                        (None, Some(d)) => format!("Follow-up due {}", long_date(d)),
                        (None, None) => String::new(),
                    };
                    let text = c.conversation(crate::ui::lookup::first_name(&who));
                    view! {
                        <p>"Expectation: "{c.expectation.clone()}</p>
                        <p class="card-sub" data-testid="follow-up-status">{status}</p>
                        <details><summary>"The conversation"</summary>
                            {text.split("\n\n").map(|p| view! { <p>{p.to_string()}</p> }).collect_view()}
                        </details>
                        {goal}
                    }.into_any()
                }
                (FeedbackKind::Peer, _) => view! {
                    <p>{f.text.clone()}</p>
                    <p class="card-sub">"Impact: "{f.impact.clone()}</p>
                    {goal}
                }
                .into_any(),
                _ => view! { <p>{f.text.clone()}</p>{goal} }.into_any(),
            };
            (EntryKind::of(f.kind), f.given_on, head, main)
        }
        Body::Celebration(w) => {
            let names: Vec<String> = w
                .contributors
                .iter()
                .map(|p| person_name(state, p))
                .collect();
            let main = view! { <p><strong>{w.title.clone()}</strong></p><p>{w.story.clone()}</p> }
                .into_any();
            (EntryKind::Win, w.on, names.join(", "), main)
        }
        _ => return ().into_any(),
    };
    view! {
        <li class=format!("entry entry-{}", kind.key()) data-testid="entry">
            <p class="entry-head">
                <span class="badge">{kind.label()}</span>" "
                <time>{long_date(on)}</time>" · "{head}
            </p>
            {main}
            {(kind != EntryKind::Win).then(|| view! {
                <div class="actions">
                    <Show when=move || confirm.get() fallback=move || view! {
                        <button type="button" class="link" on:click=move |_| confirm.set(true)>"Delete"</button>
                    }>
                        <span>"Delete this entry?"</span>
                        <button type="button" class="link" on:click=delete.clone()>"Yes, delete"</button>
                        <button type="button" class="link" on:click=move |_| confirm.set(false)>"Keep it"</button>
                    </Show>
                </div>
            })}
        </li>
    }
    .into_any()
}

/// Open requests for peer feedback, with who has not answered yet.
#[component]
fn PendingRequests() -> impl IntoView {
    let state = expect_context::<AppState>();
    let requests = Memo::new(move |_| {
        state.repo.with(|r| {
            let answers: Vec<&Feedback> = feedback_in(r).map(|(_, f)| f).collect();
            r.live()
                .filter_map(|rec| match &rec.body {
                    Body::FeedbackRequest(q) => {
                        let pending: Vec<String> = q
                            .pending(&rec.id, &answers)
                            .into_iter()
                            .map(str::to_string)
                            .collect();
                        (!pending.is_empty()).then(|| (rec.id.clone(), rec.rev, q.clone(), pending))
                    }
                    _ => None,
                })
                .collect::<Vec<_>>()
        })
    });
    view! {
        <Show when=move || requests.with(|r| !r.is_empty())>
            <section class="panel" aria-labelledby="requests-title" data-testid="pending-requests">
                <h2 id="requests-title">"Waiting for peer feedback"</h2>
                <ul class="due-list">
                    {move || requests.get().into_iter().map(|(id, rev, q, pending)| {
                        let close_id = id.clone();
                        let (about, topic, asked) = (q.person.clone(), q.topic.clone(), q.asked_on);
                        let close = move |_| {
                            let mut closed = q.clone();
                            closed.closed = true;
                            state.save(Some((close_id.clone(), rev)), Body::FeedbackRequest(closed));
                            state.say("Request closed.");
                        };
                        view! {
                            <li class="request" data-testid="request">
                                <p>
                                    <strong>{format!("About {}: {topic}", person_name(state, &about))}</strong>
                                    <span class="due-when">{format!(" · asked {}", short_date(asked))}</span>
                                </p>
                                <div class="actions">
                                    {pending.into_iter().map(|peer| {
                                        let label = format!("Answer for {}", person_name(state, &peer));
                                        view! { <A href=href(&format!("/feedback/peer?request={id}&from={peer}&to={about}")) attr:class="button">{label}</A> }
                                    }).collect_view()}
                                    <button type="button" on:click=close>"Close request"</button>
                                </div>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </section>
        </Show>
    }
}

#[component]
pub fn PeerPage() -> impl IntoView {
    let state = expect_context::<AppState>();
    let navigate = use_navigate();
    let today = now().date();
    let errors = FormErrors::new();
    let from = RwSignal::new(query("from").unwrap_or_default());
    let to = RwSignal::new(query("to").or_else(|| query("person")).unwrap_or_default());
    let request = query("request");
    let text = RwSignal::new(String::new());
    let impact = RwSignal::new(String::new());
    let goal = RwSignal::new(String::new());
    let date = RwSignal::new(today.to_string());
    let topic = request.as_ref().map(|id| {
        state
            .repo
            .with_untracked(|r| match r.get(id).map(|rec| &rec.body) {
                Some(Body::FeedbackRequest(q)) => q.topic.clone(),
                _ => String::new(),
            })
    });
    let mut people = vec![(String::new(), "Choose a person".to_string())];
    people.extend(people_choices(state));
    let goals = Signal::derive(move || {
        let mut o = vec![(String::new(), "No goal".to_string())];
        o.extend(
            person_goals(state, &to.get())
                .into_iter()
                .map(|(id, _, g)| (id, g.title)),
        );
        o
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let on = given_on(&date.get_untracked(), today, "given_on");
        let mut f = Feedback::new(
            FeedbackKind::Peer,
            &to.get_untracked(),
            on.clone().unwrap_or(today),
        );
        f.from = from.get_untracked();
        f.text = text.get_untracked().trim().to_string();
        f.impact = impact.get_untracked().trim().to_string();
        f.goal = Some(goal.get_untracked()).filter(|g| !g.is_empty());
        f.request = request.clone();
        let mut errs = f.problems();
        if let Err(e) = on {
            errs.push(e);
        }
        if !errs.is_empty() {
            return errors.show("peer", errs);
        }
        let (who, giver) = (person_name(state, &f.person), person_name(state, &f.from));
        if let SaveOutcome::Saved(_) = state.save(None, Body::Feedback(f)) {
            state.say(format!("Feedback from {giver} to {who} recorded."));
        }
        navigate(&format!("/feedback?person={}", to.get_untracked()));
    };
    view! {
        <article class="composer" data-testid="peer">
            <header class="page-head">
                <div>
                    <p class="crumb"><A href=href("/feedback")>"Feedback"</A></p>
                    <h1>"Peer feedback"</h1>
                    <p class="sub">{topic.map_or_else(|| "Feedback from one team member to another.".to_string(), |t| format!("Answering a request about: {t}"))}</p>
                </div>
            </header>
            <form class="form panel" novalidate on:submit=submit>
                <ChoiceField id="peer-from" label="From" value=from options=Signal::stored(people.clone()) error=errors.of("from") />
                <ChoiceField id="peer-person" label="To" value=to options=Signal::stored(people) error=errors.of("person") />
                <TextArea id="peer-text" label="What happened" value=text error=errors.of("text")
                    hint="What they did, and when: “Sam took my two escalations on Friday so I could finish the migration.”" />
                <TextArea id="peer-impact" label="Its impact" value=impact error=errors.of("impact")
                    hint="What it made possible, or what it cost." />
                <ChoiceField id="peer-goal" label="Linked goal (optional)" value=goal options=goals />
                <TextField id="peer-given_on" label="Given on" kind="date" value=date error=errors.of("given_on") />
                <div class="actions"><button type="submit" class="primary">"Record peer feedback"</button></div>
            </form>
        </article>
    }
}

#[component]
pub fn RequestPage() -> impl IntoView {
    let state = expect_context::<AppState>();
    let navigate = use_navigate();
    let errors = FormErrors::new();
    let person = RwSignal::new(query("person").unwrap_or_default());
    let topic = RwSignal::new(String::new());
    let peers = RwSignal::new(Vec::<String>::new());
    let mut people = vec![(String::new(), "Choose a person".to_string())];
    people.extend(people_choices(state));
    let others = people_choices(state);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let q = FeedbackRequest {
            person: person.get_untracked(),
            peers: peers.get_untracked(),
            topic: topic.get_untracked().trim().to_string(),
            asked_on: now().date(),
            closed: false,
        };
        let errs: Vec<FieldError> = q.problems();
        if !errs.is_empty() {
            return errors.show("req", errs);
        }
        if let SaveOutcome::Saved(_) = state.save(None, Body::FeedbackRequest(q)) {
            state.say(
                "Request recorded: it shows as pending until each peer's feedback is recorded.",
            );
        }
        navigate("/feedback");
    };
    view! {
        <article class="composer" data-testid="request">
            <header class="page-head">
                <div>
                    <p class="crumb"><A href=href("/feedback")>"Feedback"</A></p>
                    <h1>"Request peer feedback"</h1>
                    <p class="sub">"Name the peers to ask; each shows as pending until their feedback is recorded."</p>
                </div>
            </header>
            <form class="form panel" novalidate on:submit=submit>
                <ChoiceField id="req-person" label="Feedback about" value=person options=Signal::stored(people) error=errors.of("person") />
                <TextField id="req-topic" label="About what" value=topic error=errors.of("topic")
                    hint="e.g. “Priya's first solo onboarding workshop on 19 Nov”" />
                <CheckList id="req-peers" legend="Peers to ask" options=others selected=peers error=errors.of("peers") />
                <div class="actions"><button type="submit" class="primary">"Request feedback"</button></div>
            </form>
        </article>
    }
}
