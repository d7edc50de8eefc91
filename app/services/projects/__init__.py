"""事業・会議 and 自己評価: projects, meetings, 実施年次指標, criteria and grades."""
