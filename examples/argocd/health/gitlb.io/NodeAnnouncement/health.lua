-- Argo CD health of a gitlb NodeAnnouncement, with kstatus semantics (the order kstatus uses):
-- a status for an older generation, or Reconciling=True -> Progressing; Stalled=True -> Degraded;
-- Ready=True -> Healthy; Ready=False -> Degraded (the agent cannot hold the node's addresses,
-- and the planner takes the node out of placement); no verdict yet -> Progressing.
-- Lua 5.1 subset: Argo CD runs gopher-lua.
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
  hs.message = "Waiting for the node agent's first report"
  return hs
end
local generation = obj.metadata.generation
local observed = obj.status.observedGeneration
if generation ~= nil and observed ~= nil and observed < generation then
  hs.status = "Progressing"
  hs.message = "The agent has not yet applied generation " .. tostring(generation) .. " (at " .. tostring(observed) .. ")"
  return hs
end
local reconciling = condition("Reconciling")
if reconciling ~= nil and reconciling.status == "True" then
  hs.status = "Progressing"
  hs.message = says(reconciling, "The agent is applying the spec")
  return hs
end
local stalled = condition("Stalled")
if stalled ~= nil and stalled.status == "True" then
  hs.status = "Degraded"
  hs.message = says(stalled, "The agent cannot make progress")
  return hs
end
local ready = condition("Ready")
if ready ~= nil and ready.status == "True" then
  hs.status = "Healthy"
  hs.message = says(ready, "The node holds its addresses")
  return hs
end
if ready ~= nil and ready.status == "False" then
  hs.status = "Degraded"
  hs.message = says(ready, "The node does not hold its addresses")
  return hs
end
hs.status = "Progressing"
hs.message = "Waiting for the Ready condition"
return hs
