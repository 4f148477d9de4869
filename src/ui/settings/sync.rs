//! Settings → Sync: the kind of server and where, a token, a team passphrase for end-to-end
//! encryption, automatic sync; the status line
//! (last sync, changes waiting, the last error); "Sync now"; and the values two devices changed
//! differently, to choose between.
use leptos::prelude::*;

use crate::domain::dates::{long_date, Timestamp};
use crate::store::device::{set_sync_config, sync_config, SyncConfig};
use crate::sync::check_url;
use crate::ui::components::{FormErrors, TextField};
use crate::ui::state::{now, AppState};
use crate::ui::syncing::{sync_now, waiting};

fn clock(t: Timestamp) -> String {
    let s = t.to_rfc3339();
    let time = s.get(11..16).unwrap_or("");
    if t.date() == now().date() {
        format!("today at {time} UTC")
    } else {
        format!("{} at {time} UTC", long_date(t.date()))
    }
}

/// What is wrong with a team passphrase, if anything (empty: no encryption).
fn check_passphrase(p: &str) -> Option<&'static str> {
    if !p.is_empty() && p.chars().count() < 12 {
        Some("Use at least 12 characters (a few unrelated words are easy to type and hard to guess), or leave it empty for no encryption.")
    } else {
        None
    }
}

#[component]
pub fn SyncPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let saved = RwSignal::new(sync_config());
    let start = saved.get_untracked().unwrap_or_default();
    let url = RwSignal::new(start.url.clone());
    let token = RwSignal::new(start.token.clone());
    let couch = RwSignal::new(start.couch);
    let passphrase = RwSignal::new(start.passphrase.clone());
    let auto = RwSignal::new(start.auto);
    // A member's own key (from the invitation) stays as it is.
    let own_key = StoredValue::new(start.key.clone());
    let errors = FormErrors::new();
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut problems = vec![];
        if let Some(why) = check_url(&url.get_untracked()) {
            problems.push(crate::domain::FieldError::new("url", why));
        }
        if let Some(why) = check_passphrase(&passphrase.get_untracked()) {
            problems.push(crate::domain::FieldError::new("passphrase", why));
        }
        if !problems.is_empty() {
            return errors.show("sync", problems);
        }
        errors.clear();
        let config = SyncConfig {
            url: url.get_untracked().trim().to_string(),
            token: token.get_untracked().trim().to_string(),
            couch: couch.get_untracked(),
            passphrase: passphrase.get_untracked(),
            key: own_key.get_value(),
            auto: auto.get_untracked(),
        };
        let same_place = saved.with_untracked(|s| {
            s.as_ref().is_some_and(|s| {
                s.url == config.url && s.couch == config.couch && s.passphrase == config.passphrase
            })
        });
        if !set_sync_config(Some(&config)) {
            return errors.show(
                "sync",
                vec![crate::domain::FieldError::new(
                    "url",
                    "This browser's storage refused the settings: free some space and try again.",
                )],
            );
        }
        if !same_place {
            // Another server (or key): where this device was in step no longer holds.
            state.repo.update(|r| r.forget_sync());
        }
        saved.set(Some(config));
        state.sync.update(|s| s.configured = true);
        state.say("Sync settings saved. Syncing now.");
        sync_now(state);
    };
    let stop = move |_| {
        set_sync_config(None);
        state.repo.update(|r| r.forget_sync());
        saved.set(None);
        state.sync.update(|s| *s = Default::default());
        url.set(String::new());
        token.set(String::new());
        passphrase.set(String::new());
        couch.set(false);
        auto.set(false);
        state.say("Sync is off on this device. Your data stays here.");
    };
    let status = move || {
        let s = state.sync.get();
        let pending = waiting(state);
        let mut parts = vec![];
        if s.running {
            parts.push("Syncing…".to_string());
        } else if let Some(t) = s.last_ok {
            parts.push(format!("Last synced {}", clock(t)));
        } else {
            parts.push("Not synced yet in this session".to_string());
        }
        if saved.with(|c| {
            c.as_ref()
                .is_some_and(|c| !c.passphrase.is_empty() || !c.key.is_empty())
        }) {
            parts.push("end-to-end encrypted".to_string());
        }
        parts.push(match pending {
            0 => "nothing waiting".to_string(),
            1 => "1 change waiting".to_string(),
            n => format!("{n} changes waiting"),
        });
        parts.join(" · ")
    };
    let conflicts = Memo::new(move |_| state.repo.with(|r| r.sync_conflicts()));
    let settle = move |i: usize, theirs: bool| {
        let result = state
            .repo
            .try_update(|r| crate::sync::engine::settle(r, i, theirs, now()))
            .expect("repository lives");
        match result {
            Ok(()) => state.say(if theirs {
                "The other device's value is in; it goes to the others at the next sync."
            } else {
                "This device's value stays; it goes to the others at the next sync."
            }),
            Err(why) => state.say(why),
        }
    };
    view! {
        <section class="panel" aria-labelledby="sync-title" data-testid="sync-panel">
            <h2 id="sync-title">"Sync"</h2>
            <p>"Optional: keep this device in step with your team's other devices through a server you choose: a JSON endpoint holding one team document, or a CouchDB database (see the README for both, and a server to run). Private 1:1 notes never leave this device."</p>
            <form class="form" novalidate on:submit=save>
                <div class="field">
                    <label for="sync-kind">"Kind of server"</label>
                    <p class="hint" id="sync-kind-hint">"A JSON endpoint keeps one team document; a CouchDB database keeps one document per record, so a round sends only what changed."</p>
                    <select id="sync-kind" aria-describedby="sync-kind-hint" on:change=move |ev| couch.set(event_target_value(&ev) == "couch")>
                        <option value="json" selected=move || !couch.get()>"JSON endpoint"</option>
                        <option value="couch" selected=move || couch.get()>"CouchDB database"</option>
                    </select>
                </div>
                {move || if couch.get() {
                    view! {
                        <TextField id="sync-url" label="Database URL" value=url error=errors.of("url") kind="url" hint="e.g. https://couch.example.com/acme (created if it does not exist and you may)" />
                        <TextField id="sync-token" label="Token (optional)" value=token error=errors.of("token") kind="password" hint="user:password (sent as basic auth), or a bearer token. Kept on this device only, never exported." />
                    }.into_any()
                } else {
                    view! {
                        <TextField id="sync-url" label="Team document URL" value=url error=errors.of("url") kind="url" hint="e.g. https://sync.example.com/acme" />
                        <TextField id="sync-token" label="Token (optional)" value=token error=errors.of("token") kind="password" hint="Sent as a bearer token. Kept on this device only, never exported." />
                    }.into_any()
                }}
                {move || if own_key.with_value(String::is_empty) {
                    view! { <TextField id="sync-passphrase" label="Team passphrase (optional)" value=passphrase error=errors.of("passphrase") kind="password" autocomplete="new-password" hint="End-to-end encryption: the server then sees only ids, revisions and ciphertext. Every manager's device enters the same passphrase; members' devices get their own keys with their invitations. Kept on this device only; if every manager's device forgets it, the server's copy cannot be read." /> }.into_any()
                } else {
                    view! { <p class="hint" data-testid="own-key">"End-to-end encrypted with this device's own key, from its invitation (kept on this device only)."</p> }.into_any()
                }}
                <label class="check">
                    <input type="checkbox" prop:checked=move || auto.get() on:change=move |ev| auto.set(event_target_checked(&ev)) />
                    " Sync automatically (after changes, when the app comes back, every few minutes)"
                </label>
                <div class="actions">
                    <button type="submit" class="primary">"Save and sync"</button>
                    <button type="button" data-testid="sync-now" disabled=move || saved.with(Option::is_none) || state.sync.with(|s| s.running) on:click=move |_| sync_now(state)>"Sync now"</button>
                    <Show when=move || saved.with(Option::is_some)>
                        <button type="button" on:click=stop>"Stop syncing"</button>
                    </Show>
                </div>
            </form>
            <Show when=move || saved.with(Option::is_some)>
                <p class="sync-status" role="status" data-testid="sync-status" data-rounds=move || state.sync.with(|s| s.rounds)>{status}</p>
                {move || {
                    let s = state.sync.get();
                    let lead = if s.failures > 0 { "Last attempt failed" } else { "Synced, with a problem" };
                    s.error.map(|e| view! {
                        <p class="inline-warning" role="alert" data-testid="sync-error">{format!("{lead}: {e}")}</p>
                    })
                }}
            </Show>
            <Show when=move || !conflicts.with(Vec::is_empty)>
                <h3>"Changed on two devices"</h3>
                <p class="hint">"Both devices changed these since they were last in step. This device's value is in use; choose which to keep."</p>
                <ul class="conflicts" data-testid="sync-conflicts">
                    {move || conflicts.get().into_iter().enumerate().map(|(i, c)| {
                        let show = |v: &serde_json::Value| v.as_str().map(str::to_string).unwrap_or_else(|| v.to_string());
                        let field = if c.path.is_empty() { "the whole record".to_string() } else { c.path.replace('_', " ") };
                        view! {
                            <li class="conflict">
                                <p><strong>{c.what.clone()}</strong>{format!(" · {field}")}</p>
                                <p>"This device: "<span class="prewrap">{show(&c.local)}</span></p>
                                <p>"Other device: "<span class="prewrap">{show(&c.remote)}</span></p>
                                <div class="actions">
                                    <button type="button" on:click=move |_| settle(i, false)>"Keep this device's"</button>
                                    <button type="button" on:click=move |_| settle(i, true)>"Use the other device's"</button>
                                </div>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </Show>
        </section>
    }
}
