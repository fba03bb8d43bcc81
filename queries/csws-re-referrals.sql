-- SCS01 Percentage re-referrals to Children's Social Work Services within 12 months of a
-- previous referral (R12M). Definition (seed 002): the percentage of referrals to SCS in
-- the last 12 months where the previous referral date (if any) is within 12 months of
-- the new referral date.
-- Parameters: :period (YYYY-MM), :window_start, :month_end (dates), :area ('kent' = all).
SELECT
    CAST(:period AS VARCHAR(20)) AS period,
    COUNT(DISTINCT CASE WHEN prev.referral_id IS NOT NULL THEN r.referral_id END) AS numerator,
    COUNT(DISTINCT r.referral_id) AS denominator
FROM referrals AS r
LEFT JOIN referrals AS prev
    ON prev.child_id = r.child_id
    AND prev.referral_date < r.referral_date
    AND prev.referral_date >= r.referral_date - INTERVAL '12 months'
WHERE r.referral_date BETWEEN :window_start AND :month_end
    AND (:area = 'kent' OR r.district = :area)
