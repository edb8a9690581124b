"""Results of checks: review levels, deadlines, publication, follow-through (后续处置, penalty cases, registry proposals), third parties, and the inspection history of a business."""
