//! Settings: export, import, erase; storage use and persistence; who can read what; records
//! set aside; the team's 1:1 scripts.
pub mod devices;
pub mod join;
pub mod sync;

use crate::ui::router::use_navigate;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::domain::scope::{Role, Scope};
use crate::store::lowercase;
use crate::store::{
    apply_import, export, parse_import, plan_import, ImportFile, ImportMode, ImportPlan,
};
use crate::ui::browser::{download, read_chosen_file, storage_persisted};
use crate::ui::components::TableScroll;
use crate::ui::lookup::first_name;
use crate::ui::state::{now, AppState};

/// Approximate localStorage budget per site in current browsers.
const STORAGE_BUDGET: usize = 5 * 1024 * 1024;

#[component]
pub fn SettingsPage() -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <header class="page-head"><h1>"Settings"</h1></header>
        <section class="panel" aria-labelledby="data-title">
            <h2 id="data-title">"Your data"</h2>
            <p>"Everything lives in this browser. Export a copy now and then: it is one file you can import here or on another device."</p>
            <ExportButton />
            <h3>"Import"</h3>
            <ImportPanel />
        </section>
        <sync::SyncPanel />
        {(state.role() == Role::Manager).then(|| view! { <devices::DevicesPanel /> })}
        <AudiencePanel />
        <ScriptsPanel />
        {crate::ui::lookup::as_manager(state).then(|| view! {
            <section class="panel" aria-labelledby="rollout-link-title">
                <h2 id="rollout-link-title">"Rolling it out"</h2>
                <p>"The 90-day rollout lays out six two-week checklists from a start day and ticks what Trellis can see. Your own development plan as a manager sits beside it."</p>
                <div class="actions">
                    <leptos_router::components::A href=crate::ui::href("/rollout") attr:class="button" attr:data-testid="settings-rollout">"The 90-day rollout"</leptos_router::components::A>
                    <leptos_router::components::A href=crate::ui::href("/leadership") attr:class="button">"My development as a manager"</leptos_router::components::A>
                </div>
            </section>
        })}
        <StoragePanel />
        <QuarantinePanel />
        <EraseAll />
    }
}

/// Downloads an export made now; `private` keeps the private notes of 1:1s in it.
pub fn export_now(state: AppState, private: bool) {
    spawn_local(async move {
        // A copy must hold every record: the ones startup left for later are read first.
        if !state.read_all().await {
            state.say("Not exported: part of Trellis did not download, so not every record is read yet. Your data is safe in this browser; check the connection and try again.");
            return;
        }
        let text = state
            .repo
            .try_update(|r| {
                if private {
                    export(r, now())
                } else {
                    crate::store::export_without_private(r, now())
                }
            })
            .unwrap_or_default();
        download(
            &format!("trellis-export-{}.json", now().date()),
            "application/json",
            &text,
        );
        state.say("Export downloaded.");
    });
}

#[component]
pub fn ExportButton() -> impl IntoView {
    let state = expect_context::<AppState>();
    let private = RwSignal::new(false);
    view! {
        <label class="check">
            <input type="checkbox" data-testid="export-private" prop:checked=move || private.get() on:change=move |ev| private.set(event_target_checked(&ev)) />
            " Include private 1:1 notes (leave off for a copy you share; on for your own backup)"
        </label>
        <button type="button" class="primary" data-testid="export" on:click=move |_| {
            export_now(state, private.get_untracked());
        }>"Export all data"</button>
    }
}

fn plan_text(plan: &ImportPlan, mode: ImportMode) -> String {
    let text = match mode {
        ImportMode::Merge => format!(
            "Merge: add {} new, update {} that the file has newer, leave {} as they are here.",
            plan.add, plan.update, plan.keep
        ),
        ImportMode::Replace => format!(
            "Replace: remove {} record{} that only this browser has, and take all {} from the file.",
            plan.remove,
            if plan.remove == 1 { "" } else { "s" },
            plan.in_file - plan.foreign
        ),
    };
    match plan.foreign {
        0 => text,
        n => format!("{text} {n} record(s) in the file are someone else's: this device is a team member's, so it leaves them out."),
    }
}

/// Choose a file → it is checked whole → counts for merge and replace → confirm.
#[component]
pub fn ImportPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let navigate = use_navigate();
    let error = RwSignal::new(None::<String>);
    let pending = RwSignal::new(None::<(String, ImportFile, ImportPlan)>);
    let mode = RwSignal::new(ImportMode::Merge);
    let input_ref = NodeRef::<leptos::html::Input>::new();

    let on_change = move |_| {
        let Some(input) = input_ref.get_untracked() else {
            return;
        };
        error.set(None);
        pending.set(None);
        spawn_local(async move {
            // The file is checked record by record, with the readers of every kind.
            if !state.read_all().await {
                error.try_set(Some("The file could not be checked: part of Trellis did not download. Check the connection, then choose the file again. Nothing was changed.".into()));
                return;
            }
            match read_chosen_file(&input).await {
                Err(why) => {
                    error.try_set(Some(why));
                }
                Ok((name, text)) => match parse_import(&text) {
                    Err(problem) => {
                        error.try_set(Some(format!(
                            "{name} was not imported. {problem} Nothing was changed."
                        )));
                    }
                    Ok(file) => {
                        let plan = state
                            .repo
                            .try_update(|r| plan_import(r, &file))
                            .unwrap_or_default();
                        mode.try_set(if plan.here == 0 {
                            ImportMode::Replace
                        } else {
                            ImportMode::Merge
                        });
                        pending.try_set(Some((name, file, plan)));
                    }
                },
            }
        });
    };
    let confirm = move |_| {
        let Some((name, file, plan)) = pending.get_untracked() else {
            return;
        };
        let mode = mode.get_untracked();
        let result = state
            .repo
            .try_update(|r| apply_import(r, file, mode))
            .expect("repository lives");
        state.note_write(result.clone());
        if result.is_ok() {
            // The page goes: Home on the way from Settings, and on the welcome screen the shell
            // draws the app now that the store has a team. Nothing here is touched again: a
            // change to this form's signals would wake views the page is disposing (a panic).
            state.say(format!("Imported {name}: {}", plan_text(&plan, mode)));
            navigate("/");
        } else {
            pending.set(None);
            if let Some(input) = input_ref.get_untracked() {
                input.set_value("");
            }
        }
    };
    let cancel = move |_| {
        pending.set(None);
        if let Some(input) = input_ref.get_untracked() {
            input.set_value("");
        }
    };
    let mode_choice = move |value: ImportMode, label: &'static str| {
        view! {
            <label class="radio">
                <input type="radio" name="import-mode" prop:checked=move || mode.get() == value on:change=move |_| mode.set(value) />
                {label}
            </label>
        }
    };
    view! {
        <div class="field import" class:has-error=move || error.with(Option::is_some)>
            <label for="import-file">"Choose a Trellis export file (.json)"</label>
            <input id="import-file" type="file" accept=".json,application/json" node_ref=input_ref
                aria-describedby="import-file-error" on:change=on_change />
            <p class="field-error" id="import-file-error" role="alert" data-testid="import-error">{move || error.get()}</p>
        </div>
        {move || pending.get().map(|(name, file, plan)| { let confirm = confirm.clone(); view! {
            <div class="import-plan" data-testid="import-plan">
                <p>
                    <strong>{name}</strong>
                    {format!(" holds {} record{}", plan.in_file, if plan.in_file == 1 { "" } else { "s" })}
                    {file.exported_at.map(|t| format!(", exported {}", t.get(..10).unwrap_or(&t)))}
                    {format!(". This browser has {} now.", plan.here)}
                </p>
                <fieldset>
                    <legend>"How to import"</legend>
                    {mode_choice(ImportMode::Merge, "Merge with what is here")}
                    <p class="hint">{plan_text(&plan, ImportMode::Merge)}</p>
                    {mode_choice(ImportMode::Replace, "Replace what is here")}
                    <p class="hint">{plan_text(&plan, ImportMode::Replace)}</p>
                </fieldset>
                <div class="actions">
                    <button type="button" class="primary" data-testid="confirm-import" on:click=confirm>"Import"</button>
                    <button type="button" on:click=cancel>"Cancel"</button>
                </div>
            </div>
        }})}
    }
}

#[component]
fn StoragePanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let used = Memo::new(move |_| state.repo.with(|r| r.storage_used()));
    let persisted = RwSignal::new(None::<Option<bool>>);
    spawn_local(async move {
        // The panel may be gone by the time the browser answers.
        persisted.try_set(Some(storage_persisted(false).await));
    });
    let ask = move |_| {
        spawn_local(async move {
            persisted.try_set(Some(storage_persisted(true).await));
        })
    };
    let status = move || {
        match persisted.get() {
        None => "Checking…",
        Some(None) => "This browser cannot promise to keep site data. Export a copy now and then.",
        Some(Some(true)) => "Granted: the browser will not clear Trellis's data on its own.",
        Some(Some(false)) => "Not granted: the browser may clear site data when the device runs short of space. Export a copy now and then.",
    }
    };
    // Whole percent and tenths as integers: no float formatting code in the bundle.
    let permille = move || (used.get() * 1000 / STORAGE_BUDGET).min(1000);
    view! {
        <section class="panel" aria-labelledby="storage-title">
            <h2 id="storage-title">"Storage"</h2>
            <p data-testid="storage-used">
                {move || {
                    let p = permille();
                    let share = if p < 10 { "less than 1 %".to_string() } else { format!("{} %", p / 10) };
                    format!("Using {} KB of about 5 MB ({share}).", used.get().div_ceil(1024))
                }}
            </p>
            <div class="meter" role="meter" aria-label="Storage used" aria-valuemin="0" aria-valuemax="100"
                aria-valuenow=move || (permille() / 10).to_string()>
                <span style:width=move || format!("{}.{}%", permille().max(5) / 10, permille().max(5) % 10)></span>
            </div>
            <p data-testid="persist-status">"Persistent storage: " {status}</p>
            <button type="button" on:click=ask>"Ask the browser to keep my data"</button>
            <Show when=move || state.repo.with(|r| r.unsaved_count() > 0)>
                <p class="inline-warning" role="alert">
                    {move || format!("{} change(s) are only in this tab.", state.repo.with(|r| r.unsaved_count()))}
                </p>
                <button type="button" on:click=move |_| {
                    state.retry_unsaved();
                }>"Try saving again"</button>
            </Show>
        </section>
    }
}

/// Who can read the records this device holds: each audience (scope) with its count.
#[component]
fn AudiencePanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let role = state.role();
    let holds = match &role {
        Role::Manager => "This device is the manager's and holds every audience.".to_string(),
        Role::Member(id) => {
            let name = state
                .repo
                .with_untracked(|r| match r.get(id).map(|p| &p.body) {
                    Some(crate::store::Body::Person(p)) => p.name.clone(),
                    _ => "a team member".into(),
                });
            format!("This device is {name}'s: it holds the team's records and {}'s own, nothing else, and cannot switch to the manager's view.", first_name(&name))
        }
    };
    let rows = Memo::new(move |_| {
        state.repo.with(|r| {
            let names: std::collections::BTreeMap<String, String> = r
                .people()
                .into_iter()
                .map(|(rec, p)| (rec.id.clone(), first_name(&p.name).to_string()))
                .collect();
            let name = |id: &str| {
                names
                    .get(id)
                    .cloned()
                    .unwrap_or_else(|| "a person no longer listed".into())
            };
            // The team first, then each person by name, then the manager's and this device's.
            let mut rows: Vec<_> = r
                .scope_counts()
                .into_iter()
                .map(|(scope, n)| {
                    let who = match &scope {
                        Scope::Person(id) => lowercase(&name(id)),
                        _ => String::new(),
                    };
                    let rank = match scope {
                        Scope::Team => 0,
                        Scope::Person(_) => 1,
                        Scope::Manager => 2,
                        Scope::Device => 3,
                    };
                    (
                        (rank, who),
                        (scope.to_string(), scope.audience(&role, &name), n),
                    )
                })
                .collect();
            rows.sort_by(|a, b| a.0.cmp(&b.0));
            rows.into_iter().map(|(_, row)| row).collect::<Vec<_>>()
        })
    });
    view! {
        <section class="panel" aria-labelledby="audience-title" data-testid="audiences">
            <h2 id="audience-title">"Who can read what"</h2>
            <p>"Every record has an audience: the whole team (the people, the charter, team goals, wins), one person and their manager (their goals, 1:1s, ratings and feedback), or the manager alone. "{holds}</p>
            <p class="hint">"Sync keeps each audience in its own place on the server (see the README), so a member's device, joined with an invitation, receives only the team's and its own. End-to-end encrypted, each place has its own key: a member's device holds the team's and its own, never the team passphrase; taking someone off the team gives the team a new key they do not get."</p>
            <Show when=move || state.repo.with(|r| r.is_loaded()) fallback=|| view! { <p class="empty">"Reading the records…"</p> }>
            <Show when=move || rows.with(|r| !r.is_empty()) fallback=|| view! { <p class="empty">"No records yet."</p> }>
                <TableScroll label="Records by audience">
                    <table>
                        <thead><tr><th scope="col">"Audience"</th><th scope="col" class="count">"Records"</th></tr></thead>
                        <tbody>
                            <For each=move || rows.get() key=|row| row.clone() let:row>
                                <tr data-scope=row.0><td>{row.1}</td><td class="count">{row.2}</td></tr>
                            </For>
                        </tbody>
                    </table>
                </TableScroll>
            </Show>
            </Show>
        </section>
    }
}

#[component]
fn QuarantinePanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let items = Memo::new(move |_| state.repo.with(|r| r.quarantined().to_vec()));
    view! {
        <Show when=move || items.with(|i| !i.is_empty())>
            <section class="panel" aria-labelledby="quarantine-title" data-testid="quarantine">
                <h2 id="quarantine-title">"Records set aside"</h2>
                <p>"These stored records could not be read, so Trellis left them untouched and loaded everything else. Download one to inspect or repair it; discard it once you no longer need it."</p>
                <ul class="quarantine-list">
                    <For each=move || items.get() key=|q| q.key.clone() let(q)>
                        {
                            let key = q.key.clone();
                            let raw = q.raw.clone();
                            let file = format!("{}.json", q.key.replace(':', "-"));
                            view! {
                                <li>
                                    <code>{q.key.clone()}</code>
                                    <p>{q.reason.clone()}</p>
                                    <div class="actions">
                                        <button type="button" on:click=move |_| download(&file, "application/json", &raw)>"Download"</button>
                                        <button type="button" class="danger" on:click=move |_| {
                                            let sure = window().confirm_with_message("Discard this record for good? Download it first if you may want it back.").unwrap_or(false);
                                            if !sure {
                                                return;
                                            }
                                            state.repo.update(|r| r.discard_quarantined(&key));
                                            state.say("Discarded.");
                                        }>"Discard"</button>
                                    </div>
                                </li>
                            }
                        }
                    </For>
                </ul>
            </section>
        </Show>
    }
}

#[component]
fn EraseAll() -> impl IntoView {
    let state = expect_context::<AppState>();
    let navigate = use_navigate();
    let typed = RwSignal::new(String::new());
    let ready = move || typed.with(|t| t.trim() == "ERASE");
    let erase = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !ready() {
            return;
        }
        // This page's own signals are left alone: with the records gone the shell draws the
        // welcome screen, which disposes this page (see the import's confirm).
        state.repo.update(|r| r.erase_all());
        // Who used this device (member mode) goes with the people, and where it synced.
        if state.me.get_untracked().is_some() {
            state.set_me(None);
        }
        crate::store::device::set_sync_config(None);
        // A member's device is nobody's once its data is gone.
        state.set_role(Role::Manager);
        state.sync.update(|s| *s = Default::default());
        state.write_failed.set(None);
        state.say("All Trellis data was erased from this browser.");
        navigate("/");
    };
    view! {
        <section class="panel danger-zone" aria-labelledby="erase-title">
            <h2 id="erase-title">"Erase all data"</h2>
            <p>"Removes every Trellis record from this browser. It cannot be undone: export first if you may need it."</p>
            <form class="form" novalidate on:submit=erase>
                <div class="field">
                    <label for="erase-confirm">"Type ERASE to confirm"</label>
                    <input id="erase-confirm" type="text" autocomplete="off" prop:value=move || typed.get()
                        on:input=move |ev| typed.set(event_target_value(&ev)) />
                </div>
                <button type="submit" class="danger" prop:disabled=move || !ready()>"Erase all data"</button>
            </form>
        </section>
    }
}

const SCRIPT_LABELS: [&str; 6] = [
    "Weekly check-in: 1. Progress",
    "Weekly check-in: 2. Obstacles",
    "Weekly check-in: 3. Planning",
    "Monthly review: 1. Achievements",
    "Monthly review: 2. Growth",
    "Monthly review: 3. Next month",
];

/// The words the 1:1 screens show for each section: ours until the team writes its own.
#[component]
fn ScriptsPanel() -> impl IntoView {
    use crate::domain::Team;
    use crate::ui::components::editor::Editor;
    use crate::ui::components::TextArea;
    let state = expect_context::<AppState>();
    let found = state.repo.with_untracked(|r| {
        r.team()
            .map(|(rec, t)| (rec.id.clone(), rec.rev, t.clone()))
    });
    let Some((id, rev, team)) = found else {
        return view! { <section class="panel"><h2>"1:1 scripts"</h2><p class="empty">"Name your team on Home first."</p></section> }.into_any();
    };
    let texts: [RwSignal<String>; 6] =
        std::array::from_fn(|i| RwSignal::new(team.prompt(i).to_string()));
    let editor = Editor::<Team>::new(Some((id, rev)));
    let save = move |reset: bool| {
        let defaults = Team::default();
        let mut scripts: Vec<String> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let text = t.get_untracked().trim().to_string();
                if reset || text == defaults.prompt(i) {
                    String::new()
                } else {
                    text
                }
            })
            .collect();
        while scripts.last().is_some_and(String::is_empty) {
            scripts.pop();
        }
        let current = state
            .repo
            .with_untracked(|r| r.team().map(|(_, t)| t.clone()))
            .unwrap_or_default();
        let changed = Team { scripts, ..current };
        if reset {
            for (i, t) in texts.iter().enumerate() {
                t.set(changed.prompt(i).to_string());
            }
        }
        match editor.save(state, changed) {
            Some(_) => state.say(if reset {
                "Scripts back to Trellis's words."
            } else {
                "Scripts saved."
            }),
            None => {
                // Changed in another tab: build on the newest team and let the user save again.
                if editor.take_theirs().is_some() {
                    state.say("The team changed in another tab. Check the scripts and save again.");
                }
            }
        }
    };
    view! {
        <section class="panel" aria-labelledby="scripts-title" data-testid="scripts">
            <h2 id="scripts-title">"1:1 scripts"</h2>
            <p class="hint">"What the check-in and review screens suggest saying in each section. Write them in your own voice; empty means Trellis's words."</p>
            <form class="form" on:submit=move |ev| { ev.prevent_default(); save(false); }>
                {texts.into_iter().enumerate().map(|(i, value)| view! {
                    <TextArea id=format!("script-{i}") label=SCRIPT_LABELS[i] value error=Signal::derive(|| None::<String>) />
                }).collect_view()}
                <div class="actions">
                    <button type="submit" class="primary">"Save scripts"</button>
                    <button type="button" on:click=move |_| save(true)>"Use Trellis's words"</button>
                </div>
            </form>
        </section>
    }
    .into_any()
}
