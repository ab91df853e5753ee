package corpus

import "strings"

// The vocabulary of the corpus. It follows shared/bench/gen_corpus.py (beside the repository), so the
// Go corpus has the same shape as the one the peer figures in PEERS.md were taken on.
// Nothing here may name or identify a patient: the prose is word-list text.

var stages = []string{"curiosity", "quality-improvement", "research", "implementation", "sharing"}

var stageWeights = []uint64{30, 20, 15, 15, 20}

var tags = []string{
	"prescribing", "antibiotics", "mental-health", "safeguarding", "diabetes",
	"hypertension", "asthma", "copd", "frailty", "dementia", "end-of-life-care",
	"palliative-care", "paediatrics", "womens-health", "contraception", "menopause",
	"dermatology", "musculoskeletal", "back-pain", "chronic-pain", "opioids",
	"cancer-referral", "two-week-wait", "telephone-triage", "remote-consulting",
	"continuity-of-care", "communication", "breaking-bad-news", "consent",
	"capacity", "teamwork", "burnout", "wellbeing", "significant-event",
	"audit", "guidelines", "shared-decision-making", "health-inequalities",
	"polypharmacy", "teaching",
}

var authors = []string{
	"Dr Amina Patel", "Dr Tom Hughes", "Dr Sarah O'Neill", "Dr Rajesh Kumar",
	"Dr Emily Clarke", "Dr James Okafor", "Dr Hannah Morgan", "Dr Li Wei",
	"Dr Fatima Rahman", "Dr Oliver Bennett", "Dr Grace Adeyemi", "Dr Daniel Price",
	"Dr Chloe Evans", "Dr Mohammed Ali", "Dr Rebecca Shaw", "Dr Samuel Wright",
	"Dr Priya Shah", "Dr Thomas Reid", "Dr Aisha Begum", "Dr Lucy Fraser",
	"Dr George Murray", "Dr Nadia Hussain", "Dr Ben Carter", "Dr Zoe Williams",
	"Dr Kwame Mensah",
}

// words is roughly in order of frequency; prose draws from it with Zipf-like weights.
var words = strings.Fields(`
the of and to a in that is was for it with as on be at by this had not are but from
have they you which one were all we she there an been if more when will would who so
what their about out up them into then could time only other these some two may first
any like now my over such our also than did very after most where through back much
before good because each well must those should still between every never same another
while might last here thought made part seemed given patient clinic practice colleague
consultation appointment symptoms history examination plan follow review referral
results blood pressure medication dose week month family carer team nurse pharmacist
reception doctor trainee supervisor partner learning reflection feedback evidence
guideline approach decision risk benefit option concern worry idea expectation
uncertainty safety netting continuity telephone video visit home surgery list morning
afternoon session duty triage urgent routine chronic acute condition diagnosis test
scan letter hospital secondary primary care service system process change audit
cycle data measure outcome improvement project question research literature paper
study trial population practice's template protocol policy meeting discussion
agreed shared explained listened noticed realised wondered asked checked recorded
documented prescribed stopped started increased reduced booked arranged called
telephoned emailed messaged discussed considered remembered felt understood learned
important difficult clear unclear simple complex helpful useful careful honest
anxious frustrated relieved surprised grateful tired busy quiet late early small
large recent previous next whole different similar common rare usual unusual likely
unlikely possible necessary appropriate reasonable practical specific general local
national clinical personal professional emotional social physical mental
often sometimes always rarely usually perhaps probably certainly simply really quite
rather later already again together instead almost enough especially particularly
way day year people person life work thing point case problem example reason side
group number lot end place hand need kind sense fact level area role view
`)

var titleTopics = []string{
	"a missed diagnosis", "safety netting", "a difficult telephone consultation",
	"antibiotic stewardship", "repeat prescribing", "a frail patient at home",
	"breaking bad news", "a safeguarding concern", "continuity of care",
	"chronic pain and opioids", "a two-week-wait referral", "remote consulting",
	"shared decision making", "an angry relative", "a significant event",
	"asthma reviews", "blood pressure targets", "deprescribing", "menopause care",
	"a teenager's consultation", "mental capacity", "end of life planning",
	"our diabetes recall", "a home visit", "uncertainty", "burnout on a duty day",
	"teaching medical students", "health inequalities in our list",
	"the practice audit", "a near miss", "interpreters", "a frequent attender",
	"polypharmacy in care homes", "the new triage system", "a complaint",
}

// titleFrames each hold one %s for the topic.
var titleFrames = []string{
	"Reflecting on %s", "What I learned from %s", "Thinking again about %s",
	"A case study: %s", "Notes on %s", "Why %s stayed with me",
	"Curiosity about %s", "Improving %s", "From question to change: %s",
	"Sharing our work on %s", "Lessons from %s", "Looking back at %s",
}

var externalLinks = []string{
	"https://www.nice.org.uk/guidance", "https://cks.nice.org.uk/",
	"https://www.rcgp.org.uk/learning", "https://www.bmj.com/",
	"https://www.gmc-uk.org/ethical-guidance", "https://bnf.nice.org.uk/",
	"https://www.england.nhs.uk/", "https://www.sign.ac.uk/",
}

var externalTexts = []string{"the guidance", "this summary", "the relevant resource", "a useful overview"}

// codeBlocks are fenced blocks as written, language first. They hold no dates or
// identifiers, so that a privacy check on the corpus has nothing to find.
var codeBlocks = []string{
	"```text\nSEARCH: patients on repeat opioid > 3 months\nEXCLUDE: palliative care register\nOUTPUT: count only (no list is shared)\n```",
	"```sql\nSELECT count(*) FROM consultations\nWHERE coded_as = 'UTI' AND antibiotic_issued = 1\n  AND consult_date >= :audit_start;\n```",
	"```python\nrates = [a / b for a, b in zip(issued, seen)]\nprint(round(sum(rates) / len(rates), 3))\n```",
}

var headings = []string{
	"What happened", "Why it mattered", "What I did", "What I learned",
	"What I will do differently", "Background", "The question", "Method",
	"Results", "Discussion", "Next steps", "Feelings", "Evaluation",
	"Analysis", "Action plan", "What the evidence says", "Talking it through",
	"Impact on the team", "Sharing the learning", "Reflection",
}
