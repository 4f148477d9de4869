//! Home: the first-run welcome (demo, fresh start, import), then the team at a glance.
use leptos::prelude::*;
use leptos::wasm_split::{wasm_split, SplitLoaderError};
use leptos_router::components::A;

use crate::ui::href;

use crate::domain::Team;
use crate::ui::components::editor::{Editor, EditorNotices};
use crate::ui::components::{lazy_view, ConflictChooser, FormErrors, TextArea, TextField};
use crate::ui::people::person_rows;
use crate::ui::state::{now, AppState};

#[component]
pub fn HomePage() -> impl IntoView {
    let state = expect_context::<AppState>();
    let first_run = Memo::new(move |_| state.repo.with(|r| r.is_empty()));
    view! {
        {move || if first_run.get() { view! { <Welcome /> }.into_any() } else { view! { <TeamHome /> }.into_any() }}
    }
}

#[component]
fn Welcome() -> impl IntoView {
    let state = expect_context::<AppState>();
    let choice = RwSignal::new(None::<&'static str>);
    // The demo's texts and the code that writes them download only here (see `seed_demo`), once
    // the page has loaded and settled.
    leptos::task::spawn_local(async {
        crate::ui::browser::after_load_idle(2000).await;
        let _ = preload_demo().await;
    });
    let loading = RwSignal::new(false);
    let demo = move |_| {
        loading.set(true);
        leptos::task::spawn_local(async move {
            match seed_demo(state).await {
                Ok(()) => state.say("Demo team loaded: six people on a Customer Success team, with goals, 1:1s and feedback. Erase it any time in Settings."),
                Err(_) => state.say("The demo team could not be downloaded. Check the connection, then try again."),
            }
            loading.set(false);
        });
    };
    view! {
        <section class="welcome" data-testid="welcome">
            <h1>"Welcome to Trellis"</h1>
            <p class="lead">"Goals, check-ins and feedback for a small team, kept in this browser. No account, no server."</p>
            <div class="choices">
                <button type="button" class="choice primary" on:click=demo disabled=move || loading.get()>
                    <span class="choice-title">"Try with a demo team"</span>
                    <span class="choice-sub">"A realistic team of six to explore"</span>
                </button>
                <button type="button" class="choice" on:click=move |_| choice.set(Some("fresh")) aria-expanded=move || (choice.get() == Some("fresh")).to_string()>
                    <span class="choice-title">"Start fresh"</span>
                    <span class="choice-sub">"Name your team, add people, and follow a 90-day roadmap"</span>
                </button>
                <button type="button" class="choice" on:click=move |_| choice.set(Some("import")) aria-expanded=move || (choice.get() == Some("import")).to_string()>
                    <span class="choice-title">"Import a file"</span>
                    <span class="choice-sub">"A Trellis export from another browser"</span>
                </button>
            </div>
            {move || match choice.get() {
                Some("fresh") => view! { <section class="panel"><h2>"Your team"</h2><TeamForm existing=None on_done=Callback::new(|_| ()) /></section> }.into_any(),
                Some("import") => view! { <section class="panel"><h2>"Import a file"</h2><WelcomeImport /></section> }.into_any(),
                _ => ().into_any(),
            }}
        </section>
    }
}

/// Settings' import, which the welcome screen offers too: its code (checking a whole file,
/// planning and applying it) comes with the settings chunk.
#[wasm_split(settings, wasm_split_path = ::leptos::wasm_split, fallible)]
fn import_panel() -> Result<AnyView, SplitLoaderError> {
    Ok(untrack(|| {
        view! { <crate::ui::settings::ImportPanel /> }.into_any()
    }))
}

#[component]
fn WelcomeImport() -> impl IntoView {
    let retry = RwSignal::new(0u32);
    move || {
        retry.track();
        lazy_view(import_panel(), retry)
    }
}

/// Writes the demo team into the empty store. A split point: the demo's data and the code that
/// builds it are a chunk of their own, fetched when the welcome screen shows.
#[wasm_split(demo, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload_demo))]
fn seed_demo(state: AppState) -> Result<(), SplitLoaderError> {
    let result = state
        .repo
        .try_update(|r| r.seed_demo(now().date(), now()))
        .expect("repository lives");
    state.note_write(result);
    Ok(())
}

#[component]
fn TeamHome() -> impl IntoView {
    let state = expect_context::<AppState>();
    let team = Memo::new(move |_| {
        state.repo.with(|r| {
            r.team()
                .map(|(rec, t)| (rec.id.clone(), rec.rev, t.clone()))
        })
    });
    let editing = RwSignal::new(false);
    let people = person_rows(state);
    let active = move || {
        people
            .get()
            .into_iter()
            .filter(|(_, _, p)| !p.archived)
            .collect::<Vec<_>>()
    };
    view! {
        <section class="team" data-testid="team">
            {move || match (editing.get(), team.get()) {
                (true, existing) => view! {
                    <section class="panel">
                        <h1>{if existing.is_some() { "Edit team" } else { "Name your team" }}</h1>
                        <TeamForm existing on_done=Callback::new(move |_| editing.set(false)) />
                    </section>
                }.into_any(),
                (false, Some((_, _, t))) => view! {
                    <header class="page-head">
                        <div>
                            <h1 data-testid="team-name">{t.name.clone()}</h1>
                            <p class="mission">{if t.mission.is_empty() { "No mission written yet.".to_string() } else { t.mission.clone() }}</p>
                        </div>
                        <button type="button" on:click=move |_| editing.set(true)>"Edit team"</button>
                    </header>
                }.into_any(),
                (false, None) => view! {
                    <header class="page-head">
                        <h1>"Your team"</h1>
                        <button type="button" class="primary" on:click=move |_| editing.set(true)>"Name your team"</button>
                    </header>
                }.into_any(),
            }}
        </section>
        <Show when=move || crate::ui::lookup::as_manager(state) && state.repo.with(|r| r.is_loaded())>
            <crate::ui::insight::InsightSlot piece=crate::ui::insight::InsightPiece::Home />
        </Show>
        <crate::ui::feedback::FeedbackSignals />
        <crate::ui::meetings::DuePanel />
        // Once every record is read (right after the first screen): the list needs them all, and
        // fetching its chunk must not hold up the first screen.
        <Show when=move || state.repo.with(|r| r.is_loaded())>
            <crate::ui::team::TeamSlot piece=crate::ui::team::TeamPiece::SelfReportSignals />
        </Show>
        <section class="panel" aria-labelledby="home-people">
            <div class="panel-head">
                <h2 id="home-people">{move || format!("People ({})", active().len())}</h2>
                <A href=href("/people/new") attr:class="button">"Add person"</A>
            </div>
            <Show when=move || !active().is_empty() fallback=|| view! { <p class="empty">"Add the people you manage to get started."</p> }>
                <ul class="roster">
                    <For each=active key=|(id, rev, _)| (id.clone(), *rev) let((id, _, p))>
                        <li>
                            <A href=href(&format!("/people/{id}"))>{p.name.clone()}</A>
                            <span class="card-sub">{p.role.clone()}</span>
                        </li>
                    </For>
                </ul>
            </Show>
        </section>
        <Show when=move || crate::ui::lookup::as_manager(state) && state.repo.with(|r| r.is_loaded())>
            <crate::ui::insight::InsightSlot piece=crate::ui::insight::InsightPiece::Dashboard />
        </Show>
    }
}

fn summary(t: &Team) -> Vec<(&'static str, String)> {
    vec![
        ("Team name", t.name.clone()),
        ("Mission", t.mission.clone()),
    ]
}

/// Create the team (first run, `existing` None) or edit it.
#[component]
fn TeamForm(existing: Option<(String, u64, Team)>, on_done: Callback<()>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let initial = existing
        .as_ref()
        .map(|(_, _, t)| t.clone())
        .unwrap_or_default();
    let editor = Editor::<Team>::new(existing.map(|(id, rev, _)| (id, rev)));
    let name = RwSignal::new(initial.name);
    let mission = RwSignal::new(initial.mission);
    let scripts = initial.scripts;
    let errors = FormErrors::new();
    let done = move |saved: bool| {
        if saved {
            state.say("Team saved.");
            on_done.run(());
        }
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match Team::from_form(&name.get(), &mission.get()) {
            Err(errs) => errors.show("team", errs),
            Ok(team) => {
                errors.clear();
                // The form edits name and mission; the team's own 1:1 scripts stay as they are.
                let team = Team {
                    scripts: scripts.clone(),
                    ..team
                };
                done(editor.save(state, team).is_some());
            }
        }
    };
    let keep_mine = Callback::new(move |_| done(editor.keep_mine(state).is_some()));
    let take_theirs = Callback::new(move |_| {
        if let Some(t) = editor.take_theirs() {
            name.set(t.name);
            mission.set(t.mission);
        }
    });
    view! {
        {move || editor.conflict.get().map(|(mine, theirs, _)| view! {
            <ConflictChooser what=theirs.name.clone() mine=summary(&mine) theirs=summary(&theirs) on_keep_mine=keep_mine on_take_theirs=take_theirs />
        })}
        <EditorNotices kept_in_memory=editor.kept_in_memory missing=editor.missing />
        <form class="form" novalidate on:submit=submit data-testid="team-form">
            <TextField id="team-team_name" label="Team name" value=name error=errors.of("team_name") required=true />
            <TextArea id="team-mission" label="Mission" value=mission error=errors.of("mission")
                hint="One or two sentences on what the team is for, e.g. “Answer every customer within one working day.”" />
            <div class="actions">
                <button type="submit" class="primary">"Save team"</button>
            </div>
        </form>
    }
}
