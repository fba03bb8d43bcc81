-- pandoc-batch.lua: converts many texts in one pandoc process (helpers.render.sanitise).
-- reads {"from":..., "to":..., "texts":[...]} on stdin, writes a JSON list of converted texts
local request = pandoc.json.decode(io.read("a"), false)
local out = {}
for i, text in ipairs(request.texts) do
  local doc = pandoc.read(text, request.from)
  out[i] = pandoc.write(doc, request.to, {wrap_text = "none"})
end
io.write(pandoc.json.encode(out))
