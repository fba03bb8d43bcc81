--[[
quarto-sections.lua: the Quarto engine's only filter (helpers.publish.quarto). The document
holds one `scorecard-section` div per executed notebook. In HTML the div stays (the page's
CSS starts each section on a new printed page). In every other format (Typst) the div is
replaced by its content after a raw Typst block that opens a new page, landscape when the
div says `landscape="true"`: pandoc's Typst writer would otherwise wrap the section in a
block, where `set page` is not allowed.
]]

if FORMAT:match("html") then
  return {}
end

return {
  {
    Div = function(div)
      if not div.classes:includes("scorecard-section") then
        return nil
      end
      local flipped = div.attributes["landscape"] == "true" and "true" or "false"
      local opening = pandoc.RawBlock(
        "typst",
        "#pagebreak(weak: true)\n#set page(flipped: " .. flipped .. ")"
      )
      local blocks = pandoc.List({ opening })
      blocks:extend(div.content)
      return blocks
    end,
  },
}
