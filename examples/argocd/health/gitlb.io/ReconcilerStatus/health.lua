-- Argo CD health of a gitlb ReconcilerStatus, with kstatus semantics (the order kstatus uses):
-- a status for an older generation, or Reconciling=True -> Progressing; Stalled=True ->
-- Degraded (e.g. the newest revision is invalid: the first located error is shown, and the
-- last valid revision stays in force); Ready=True -> Healthy; Ready=False -> Degraded; no
-- verdict yet -> Progressing. Lua 5.1 subset: Argo CD runs gopher-lua.
local hs = {}
local function condition(t)
  if obj.status ~= nil and obj.status.conditions ~= nil then
    for _, c in ipairs(obj.status.conditions) do
      if c.type == t then return c end
    end
  end
  return nil
end
local function says(c, fallback)
  if c.message ~= nil and c.message ~= "" then return c.message end
  if c.reason ~= nil and c.reason ~= "" then return c.reason end
  return fallback
end
if obj.status == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the reconciler's first report"
  return hs
end
local generation = obj.metadata.generation
local observed = obj.status.observedGeneration
if generation ~= nil and observed ~= nil and observed < generation then
  hs.status = "Progressing"
  hs.message = "The reconciler has not yet reported on generation " .. tostring(generation) .. " (at " .. tostring(observed) .. ")"
  return hs
end
local reconciling = condition("Reconciling")
if reconciling ~= nil and reconciling.status == "True" then
  hs.status = "Progressing"
  hs.message = says(reconciling, "Reconciling")
  return hs
end
local stalled = condition("Stalled")
if stalled ~= nil and stalled.status == "True" then
  hs.status = "Degraded"
  hs.message = says(stalled, "The reconciler cannot make progress")
  local errors = obj.status.errors
  if errors ~= nil and errors[1] ~= nil then
    local e = errors[1]
    hs.message = hs.message .. ": " .. tostring(e.file) .. ":" .. tostring(e.line) .. ":" .. tostring(e.col) .. ": " .. tostring(e.message)
    if #errors > 1 then hs.message = hs.message .. " (and " .. tostring(#errors - 1) .. " more)" end
  end
  return hs
end
local ready = condition("Ready")
if ready ~= nil and ready.status == "True" then
  hs.status = "Healthy"
  if obj.status.revisionApplied ~= nil then
    hs.message = "Applied revision " .. obj.status.revisionApplied
  else
    hs.message = says(ready, "Ready")
  end
  return hs
end
if ready ~= nil and ready.status == "False" then
  hs.status = "Degraded"
  hs.message = says(ready, "Not ready")
  return hs
end
hs.status = "Progressing"
hs.message = "Waiting for the Ready condition"
return hs
