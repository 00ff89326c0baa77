# Trainee and registrant accounts arrive with the academy issue.
