"""The Outlook add-in's build steps: the policy data its event handler checks
with (policy_js) and manifests for a given host (manifest)."""
