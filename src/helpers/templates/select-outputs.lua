--[[
select-outputs.lua: turns executed notebooks (read by pandoc's ipynb reader with
--ipynb-output=all) into report content. Used by helpers.publish.assemble only; Quarto does the
same job itself when it renders the notebooks.

1. Code cells lose their source (Quarto's `echo: false`) and stream output (`warning:
   false`); markdown and raw cells are unwrapped.
2. Each display output keeps ONE representation, ranked as Quarto ranks them
   (quarto-cli src/core/jupyter/display-data.ts): for HTML, text/html first, then
   text/markdown, images, text/plain; for every other format (Typst), text/markdown first,
   then images, an HTML table (read by pandoc's HTML reader), text/plain. text/markdown is
   parsed as pandoc Markdown, so its ```{=typst} raw blocks reach the Typst writer.
   (Pandoc's own --ipynb-output=best would rank text/plain above text/markdown for Typst.)
3. Section divs made by the assembler (class `scorecard-section`) set each notebook's
   page orientation in Typst (attribute `landscape`): a new page where it changes, else
   the notebook follows on the same page.
4. Headings: shifted by the metadata value `heading-shift` (HTML: the page title is the
   only h1), never more than one level below the heading before them (a notebook's
   `###` under its `#` becomes `##`: no skipped levels in either format), and
   de-duplicated across notebooks (each notebook was read on its own).
   HTML: a section holding two top-level headings (the cover's Summary and Guidance
   Notes) is split into one div per heading, because pandoc leaves a div that is not one
   section out of the table of contents.
5. Content for drafts only: divs `.content-visible when-meta="draft"` (Quarto's
   conditional content; drafted commentary and no-commentary decisions) are kept, with
   the class `draft-only`, when the metadata `draft` is set, and dropped otherwise.
6. HTML: local images (image outputs, notebook attachments) become data: URIs, so the
   page is self-contained without pandoc's --embed-resources (which re-parses the whole
   page and took most of the assembly time).
]]

local is_html = FORMAT:match("html") ~= nil

local RANKING = is_html
  and { "html", "markdown", "svg", "image", "plain" }
  or { "markdown", "svg", "image", "html-table", "plain" }

local function kind_of(block)
  if block.t == "RawBlock" then
    return block.format
  elseif block.t == "Para" and #block.content == 1 and block.content[1].t == "Image" then
    if block.content[1].src:match("%.svg$") then
      return "svg"
    end
    return "image"
  elseif block.t == "CodeBlock" then
    if block.classes:includes("json") then
      return "json"
    end
    return "plain"
  end
  return "other"
end

local function representation(kind, block)
  if kind == "markdown" then
    return pandoc.read(block.text, "markdown").blocks
  elseif kind == "html-table" then
    return pandoc.read(block.text, "html").blocks
  end
  return { block }
end

local function select_output(div)
  if div.classes:includes("stream") or div.classes:includes("error") then
    return {}
  end
  local by_kind = {}
  for _, block in ipairs(div.content) do
    local kind = kind_of(block)
    if by_kind[kind] == nil then
      by_kind[kind] = block
    end
  end
  if by_kind["html"] ~= nil and by_kind["html"].text:lower():match("<table") then
    by_kind["html-table"] = by_kind["html"]
  end
  for _, kind in ipairs(RANKING) do
    if by_kind[kind] ~= nil then
      return representation(kind, by_kind[kind])
    end
  end
  return {}
end

local function unwrap_cell(div)
  local blocks = pandoc.List()
  for _, block in ipairs(div.content) do
    if block.t == "Div" and block.classes:includes("output") then
      blocks:extend(select_output(block))
    elseif not (block.t == "CodeBlock" and div.classes:includes("code")) then
      blocks:insert(block)
    end
  end
  return blocks
end

-- HTML: one div per top-level heading, so that pandoc lists each in the contents.
local function split_section(div)
  local top = nil
  for _, block in ipairs(div.content) do
    if block.t == "Header" and (top == nil or block.level < top) then
      top = block.level
    end
  end
  local parts, has_top = pandoc.List(), false
  for _, block in ipairs(div.content) do
    local is_top = block.t == "Header" and block.level == top
    if #parts == 0 or (is_top and has_top) then
      local id = #parts == 0 and div.identifier or (div.identifier .. "-" .. (#parts + 1))
      parts:insert(pandoc.Div({}, pandoc.Attr(id, div.classes, div.attributes)))
      has_top = false
    end
    has_top = has_top or is_top
    parts[#parts].content:insert(block)
  end
  return parts
end

-- Typst: a section turns the page only where the orientation changes (a `set page`
-- starts a new page); sections of the same orientation follow on, so the committee's PDF
-- has no half-empty pages between them.
local orientation = "false"  -- the template's pages (cover, contents) are portrait

local function open_section(div)
  if is_html then
    return split_section(div)
  end
  local flipped = div.attributes["landscape"] == "true" and "true" or "false"
  local name = div.attributes["notebook"] or ""
  local code = "// notebook: " .. name
  if flipped ~= orientation then
    code = code .. "\n#set page(flipped: " .. flipped .. ")"
    orientation = flipped
  end
  local blocks = pandoc.List({ pandoc.RawBlock("typst", code) })
  blocks:extend(div.content)
  return blocks
end

-- A filter handing each Div of one class to `handle`, and leaving the others alone.
local function div_filter(class, handle)
  return {
    Div = function(div)
      if div.classes:includes(class) then
        return handle(div)
      end
      return nil
    end,
  }
end

local cells = div_filter("cell", unwrap_cell)
local sections = div_filter("scorecard-section", open_section)

local function heading_pass(doc)
  local shift = tonumber(pandoc.utils.stringify(doc.meta["heading-shift"] or "0")) or 0
  -- ids the page template and raw HTML outputs (charts) already use
  local seen = { TOC = true, ["toc-title"] = true, main = true, cover = true }
  -- HTML's page title is its h1, so the first heading may be h2
  local previous = shift
  doc.blocks:walk({
    RawBlock = function(raw)
      if raw.format == "html" then
        for id in raw.text:gmatch('%sid="([^"]+)"') do
          seen[id] = true
        end
      end
    end,
  })
  doc.blocks = doc.blocks:walk({
    Header = function(header)
      header.level = math.min(header.level + shift, previous + 1, 6)
      previous = header.level
      if header.identifier ~= "" then
        local base, candidate, n = header.identifier, header.identifier, 0
        while seen[candidate] do
          n = n + 1
          candidate = base .. "-" .. n
        end
        seen[candidate] = true
        header.identifier = candidate
      end
      return header
    end,
  })
  return doc
end

local headings = { Pandoc = heading_pass }

-- The same div inside a notebook's HTML output (sanitised prose is shown as HTML).
local DRAFT_OPEN = '<div class="content%-visible" data%-when%-meta="draft">'

local function drafts_in_html(raw, draft)
  if raw.format ~= "html" or not raw.text:find(DRAFT_OPEN) then
    return nil
  end
  local text
  if draft then
    text = raw.text:gsub(DRAFT_OPEN, '<div class="draft-only">')
  else
    text = raw.text:gsub(DRAFT_OPEN .. ".-</div>", "")
  end
  return pandoc.RawBlock("html", text)
end

local function drafts_pass(doc)
  local draft = doc.meta["draft"] ~= nil and pandoc.utils.stringify(doc.meta["draft"]) ~= ""
  doc.blocks = doc.blocks:walk({
    RawBlock = function(raw)
      return drafts_in_html(raw, draft)
    end,
    Div = function(div)
      if not (div.classes:includes("content-visible") and div.attributes["when-meta"] == "draft") then
        return nil
      end
      if not draft then
        return {}
      end
      return pandoc.Div(div.content, pandoc.Attr("", { "draft-only" }))
    end,
  })
  return doc
end

local drafts = { Pandoc = drafts_pass }

local function typst_string(text)
  return '"' .. text:gsub("\\", "\\\\"):gsub('"', '\\"') .. '"'
end

-- Typst: PDF/UA-1 needs alternative text on every image, and pandoc's Typst writer gives
-- none, so images are written here with their description (or, for a notebook's image
-- output, which has none, words saying whose image it is).
local function typst_image(image)
  local alt = pandoc.utils.stringify(image.caption)
  if alt == "" then
    local notebook = image.src:match("media/([^/]+)/") or "a notebook"
    alt = "Image output of " .. notebook .. " (no description given)"
  end
  return pandoc.RawInline("typst",
    "#box(image(" .. typst_string(image.src) .. ", alt: " .. typst_string(alt) .. "))")
end

local images = {
  Image = function(image)
    if not is_html then
      return typst_image(image)
    end
    if image.src:match("^data:") or image.src:match("^%a[%w+.-]*:") then
      return nil
    end
    local mime_type, contents = pandoc.mediabag.fetch(image.src)
    if contents == nil then
      return nil
    end
    image.src = pandoc.mediabag.make_data_uri(mime_type, contents)
    return image
  end,
}

return { cells, drafts, headings, sections, images }
