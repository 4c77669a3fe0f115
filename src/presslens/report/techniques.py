"""One-line definitions of the 23 SemEval-2023 Task 3 persuasion techniques, for the report.

The names are exactly those of the task's `techniques-subtask-3.txt` (the labels the technique
model emits), in the task's order. The definitions are our own short paraphrases, written for a
reader who meets the name in a report for the first time: they describe the device, not a verdict
on whether a given use of it is fair.
"""

from __future__ import annotations

TECHNIQUES: dict[str, str] = {
    "Appeal_to_Authority": "Backs a claim mainly by citing who endorses it, rather than with evidence.",
    "Appeal_to_Popularity": "Argues a view is right because many or most people hold it.",
    "Appeal_to_Values": "Ties a position to values the audience holds dear (freedom, tradition, faith...).",
    "Appeal_to_Fear-Prejudice": "Seeks support or rejection by stirring fear or existing prejudice.",
    "Flag_Waving": "Appeals to pride in or loyalty to a group (nation, party, people) to justify a view.",
    "Causal_Oversimplification": "Puts a complex outcome down to a single cause.",
    "False_Dilemma-No_Choice": "Presents two options as the only ones possible, or one as the only way.",
    "Consequential_Oversimplification": "Claims one step will inevitably set off a chain of bad events.",
    "Straw_Man": "Answers a distorted or weakened version of an opponent's position.",
    "Red_Herring": "Shifts attention to an unrelated topic to avoid the point at issue.",
    "Whataboutism": "Deflects criticism by pointing at an opponent's alleged similar wrongdoing.",
    "Slogans": "A short, catchy phrase standing in for an argument.",
    "Appeal_to_Time": "Argues that now is the (last) moment to act, pressing urgency over reasons.",
    "Conversation_Killer": "A phrase meant to end discussion or discourage critical thought.",
    "Loaded_Language": "Words or phrases chosen for their emotional charge to sway the reader.",
    "Repetition": "Repeats the same word, phrase or idea so that it sticks.",
    "Exaggeration-Minimisation": "Makes something seem much larger or much smaller than it is.",
    "Obfuscation-Vagueness-Confusion": "Deliberately unclear wording that leaves room for many readings.",
    "Name_Calling-Labeling": "Attaches a label to a person or group that the audience loves or hates.",
    "Doubt": "Questions the credibility of someone or something without substantiating it.",
    "Guilt_by_Association": "Discredits someone or something by linking it to a despised group or figure.",
    "Appeal_to_Hypocrisy": "Attacks a person's standing by charging them with hypocrisy or inconsistency.",
    "Questioning_the_Reputation": "Attacks someone's character or reputation instead of their argument.",
}


def display_name(label: str) -> str:
    """A technique name for people: underscores as spaces ("Flag_Waving" -> "Flag Waving")."""
    return label.replace("_", " ")
