-- CYPE6 Percentage of Children Missing Education cases, closed within 30 school days
-- (R12M). Definition (seed 002): the number of closed cases within 30 school days of
-- their referral to Kent County Council's CME Team, as a percentage of the total number
-- of cases opened within the period.
-- Parameters: :period (YYYY-MM), :window_start, :month_end (dates), :area ('kent' = all).
SELECT
    CAST(:period AS VARCHAR(20)) AS period,
    SUM(
        CASE WHEN c.closed_date <= :month_end AND c.school_days_to_close <= 30 THEN 1 ELSE 0 END
    ) AS numerator,
    COUNT(*) AS denominator
FROM cme_cases AS c
WHERE c.opened_date BETWEEN :window_start AND :month_end
    AND (:area = 'kent' OR c.district = :area)
