-- SCS19 Percentage of CIC Foster Care in KCC Foster Care/Rel & Friends placements (exc
-- UASC). Definition (seed 002): the percentage of Kent Children in Care at the snapshot
-- date who are in Foster Care and are placed with KCC Foster Carers or with Relatives and
-- Friends. UASC are excluded.
-- Parameters: :period (YYYY-MM), :month_end (the snapshot date), :area ('kent' = all).
SELECT
    CAST(:period AS VARCHAR(20)) AS period,
    SUM(CASE WHEN p.placement_type IN ('foster_kcc', 'foster_relative_friend') THEN 1 ELSE 0 END)
        AS numerator,
    COUNT(*) AS denominator
FROM care_placements AS p
WHERE p.start_date <= :month_end
    AND (p.end_date IS NULL OR p.end_date > :month_end)
    AND p.placement_type LIKE 'foster%'
    AND NOT p.uasc
    AND (:area = 'kent' OR p.district = :area)
