"""Partners, invitations, chosen insights, mirrors: sharing a few words on purpose.

Why it looks like this: the practice is to journal privately and then share *selected*
insights. So an insight is composed from explicit picks (never "the whole entry"), stored only
sealed — one copy sealed to the partner's public key, which revoking deletes, and one copy sealed
with the sharer's own key for their list and the share packet — and every query is filtered by
the signed-in profile *and* the pair. The listener mirrors back before responding; the sharer
says whether the mirror landed. What is drawn from mirrors is one person's own practice ("my
listening"), never a comparison between the two.

Modules: model (types and labels), partners (invitations, link, unlink), insights (compose,
share, revoke, read), mirrors (mirror back, answer, my own listening), choices (what the
Share page offers to pick from), packet (the share packet format), rituals (agreed check-ins).
This file imports nothing, so the packet can use the model without loading the whole feature.
"""
