package confidential

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// This file generates testdata/corpus.txt (go test -run TestCorpus -update).
// The corpus is committed, so the scores do not move unless someone
// regenerates it on purpose; the generator is here so that every NHS, CHI
// and H&C number in it carries a real Modulus 11 check digit and every
// "invalid" number really fails it. All names, numbers, addresses and
// places are invented; phone numbers come from Ofcom's ranges reserved for
// drama, and e-mail addresses use example domains.

// corpusPlaces are the Options.Places the corpus is scanned with.
var corpusPlaces = []string{"Riverside Surgery", "Hilltop Medical Centre", "St Aidan's Hospital", "Ward 12", "Larch Ward"}

// template is a snippet with placeholders such as {NHS}, the kinds it
// should produce, and how many instances to generate.
type template struct {
	kinds string // comma-separated, "-" for a hard negative
	text  string
	n     int
}

var positives = []template{
	{"patient-name,exact-age", "Mrs {SURNAME}, {AGE}, came in with breathlessness and swollen ankles, and I nearly missed her heart failure.", 2},
	{"patient-name", "Mr {SURNAME} presented with a three-week history of cough and I almost reassured him without examining his chest.", 2},
	{"nhs-number", "Her NHS number, {NHS}, was at the top of the hospital letter I was summarising for this reflection.", 2},
	{"nhs-number", "I copied the NHS number {NHS} into my notes for this post and only spotted it when I reread the draft.", 2},
	{"nhs-number", "NHS: {NHS} is what the pharmacy label said, and I realised how easily it could end up in a screenshot.", 2},
	{"nhs-number,date-of-birth", "The request form read NHS no. {NHS}, DOB {DOBNUM}, and nothing else useful.", 2},
	{"nhs-number", "{NHS} was scribbled on a sticky note left on the desk in room 4.", 2},
	{"chi-number", "The letter from the Edinburgh team quoted her CHI number {CHI}, which I had not expected to need.", 2},
	{"chi-number", "CHI {CHI} was printed on the discharge summary he brought down from Dundee.", 2},
	{"chi-number", "The out-of-hours note gave the patient's CHI, {CHI}, and a phone number that no longer worked.", 2},
	{"hc-number", "His H&C number {HC} came through on the letter from Belfast.", 2},
	{"hc-number", "The H&C number, {HC}, was on the prescription he had brought over from Northern Ireland.", 1},
	{"date-of-birth", "DOB {DOBNUM}, lives alone, no package of care, and that was all the referral said.", 2},
	{"date-of-birth", "She was born on {DOBWORDS} and still drives to the surgery every week.", 2},
	{"date-of-birth", "His date of birth, {DOBNUM}, was on the prescription left in the printer tray.", 2},
	{"date-of-birth", "D.O.B. {DOBNUM} - I had pasted the whole header of the letter.", 1},
	{"date-of-birth", "Her birthday is {DAYMONTH} and she wanted to be home from hospital by then.", 1},
	{"age-over-90", "A {AGE90}-year-old man came in with his daughter, worried about his falls.", 2},
	{"age-over-90", "Aged {AGE90}, she was the oldest patient I visited that month.", 2},
	{"age-over-90", "He was a {AGE90} year old retired miner with more insight than most of us.", 1},
	{"age-over-90", "The {AGE90}yo on the care home round had a chest infection again.", 1},
	{"postcode", "She gave her postcode as {POSTCODE} when she registered, which is two streets from the surgery.", 2},
	{"postcode", "The ambulance went to {POSTCODE} instead of the care home.", 2},
	{"phone", "Her daughter's mobile, {MOBILE}, was the only contact number on the system.", 2},
	{"phone", "I rang him back on {LANDLINE} after evening surgery.", 2},
	{"phone", "His son called from Spain on {INTL} to ask how his father was.", 2},
	{"email", "She sent photos of the rash to {EMAIL}, which is not how we want to receive images.", 2},
	{"email", "Her e-mail address {EMAIL} was in the eConsult I was reflecting on.", 1},
	{"phone,email", "Contact details: {MOBILE} / {EMAIL}.", 1},
	{"ni-number", "Her NI number {NI} was on the PIP form she brought in for me to fill out.", 2},
	{"ni-number", "The benefits letter quoted {NI} and I left it in the scanned pile.", 1},
	{"mrn", "MRN {MRNNUM} was on the clinic letter from the respiratory team.", 2},
	{"mrn", "Hosp no {MRNTOK} was in the discharge summary I pasted from.", 2},
	{"mrn", "His hospital number, {MRNNUM}, would have found him in seconds.", 1},
	{"patient-name", "The patient {INIT} attended three times in a week with headaches before I took it seriously.", 2},
	{"patient-name", "Patient {INIT}, who has COPD, was admitted twice this winter.", 2},
	{"address", "He lives at {ADDR} with his wife, who is also his carer.", 2},
	{"address,postcode", "The home visit request said flat 3, {ADDR}, {POSTCODE}.", 2},
	{"patient-name", "Mrs {SURNAME}'s daughter rang to say her mother was much worse.", 2},
	{"patient-name,encounter-date", "I saw Mr {SURNAME} on {DAYMONTH} for his diabetes review.", 2},
	{"encounter-date", "On {DAYMONTH} she attended with chest pain that turned out to be her gallbladder.", 2},
	{"encounter-date", "He was seen on {ENCNUM} with a rash that nobody could name.", 2},
	{"encounter-date", "On {DAYMONTH} I visited her at home and found the house cold.", 1},
	{"exact-age", "A {AGE}-year-old woman came in with a breast lump she had found a month before.", 2},
	{"exact-age", "A {AGE} yo man with chest pain is the classic case I was taught to fear.", 1},
	{"exact-age", "Aged {AGE}, he had never been to a GP before.", 2},
	{"patient-name,age-over-90", "Ms {SURNAME}, {AGE90}, was admitted after a fall at home.", 2},
	{"patient-name", "Miss {SURNAME} came in with her mother, anxious about her periods.", 2},
	{"patient-name,exact-age", "Mr {SURNAME} ({AGE}) complained of back pain for months before anyone examined him.", 2},
	{"place-name", "The home visit took me past Riverside Surgery, where I trained.", 1},
	{"place-name", "She was transferred from St Aidan's Hospital to the hospice.", 1},
	{"place-name", "Larch Ward was short of beds again.", 1},
	{"place-name,encounter-date", "Reviewed on Ward 12 on {DAYMONTH}, she was much brighter.", 1},
	{"place-name", "The new nurse at Hilltop Medical Centre runs the leg ulcer clinic.", 1},
	{"patient-name", "I keep thinking about Mrs {SURNAME} and whether I missed something.", 2},
	{"patient-name", "Mx {SURNAME} was referred to the gender identity clinic after a long wait.", 1},
	{"patient-name", "Mrs {SURNAME} died at home last week, as she had wanted.", 2},
	{"patient-name", "I discussed Mr {SURNAME}'s bloods with my trainer before calling him.", 2},
	{"patient-name,age-over-90,address", "Mr {SURNAME}, {AGE90}, lives at {ADDR} and still gardens.", 1},
	{"patient-name,exact-age,address", "Mrs {SURNAME}, {AGE}, from {ADDR}, came in about her knee.", 1},
	{"date-of-birth", "She was born {DOBWORDS}, the same day as my grandmother.", 1},
	{"nhs-number,patient-name", "Mrs {SURNAME} (NHS {NHS}) was on the list for the MDT.", 1},
	{"phone", "The carer's number, {LANDLINE}, was on the visit sheet.", 1},
	{"postcode,address", "Address: {ADDR}, {POSTCODE}.", 1},
	{"mrn", "Unit number {MRNNUM}, and I had typed it into my reflection log.", 1},
	{"chi-number,date-of-birth", "CHI {CHI}, date of birth {DOBNUM}, on the referral from Glasgow.", 1},
	{"exact-age,encounter-date", "On {DAYMONTH} a {AGE}-year-old man attended with haematuria.", 1},
	{"patient-name", "Mr {SURNAME} complained that nobody listened to him.", 1},
	{"phone", "Her mobile number is {MOBILEPLAIN}, written on the back of her hand.", 2},
	{"phone", "The number on the referral was ({AREA}) 496 0{D3}, a landline nobody answered.", 2},
	{"phone", "His daughter in London rang from +44 (0)20 7946 0{D3} to complain.", 1},
	{"postcode", "The taxi firm had her down as {POSTCODENOSPACE}, which was why the driver was lost.", 1},
	{"age-over-90", "She turned {AGE90} last week and told me she was ready to die.", 1},
	{"age-over-90", "He was {AGE90} years old and had never had a blood test.", 1},
	{"patient-name,date-of-birth", "Mrs {SURNAME} (DOB {DOBNUM}) was the first name on the visit list.", 2},
	{"patient-name", "I saw Mrs {SURNAME} in clinic and she was brighter than I had ever seen her.", 2},
	{"patient-name", "Mr and Mrs {SURNAME} both came in about his memory.", 1},
	{"patient-name", "Mrs {SURNAME} brought a list of six problems to a ten-minute appointment.", 2},
	{"nhs-number", "The pathology form had {NHS} handwritten in the corner.", 2},
	{"chi-number", "Scottish CHI number {CHI} appeared on the out-of-area registration.", 2},
	{"email", "Her son wrote from {EMAIL} asking for her results.", 1},
	{"ni-number", "National Insurance number {NI} was on the fit note request.", 1},
	{"mrn", "MRN: {MRNTOK} for the fracture clinic appointment.", 1},
	{"date-of-birth", "Born {DOBNUM}, he remembered the war as a child.", 1},
	{"encounter-date", "I visited on {DAYMONTH} and the house smelled of gas.", 1},
	{"exact-age", "The {AGE}-year-old had been to A&E four times that month.", 1},
	{"patient-name", "Pt {INIT} came in for her smear and left with a diagnosis of hypertension.", 1},
	{"address", "The ambulance was sent to {ADDR} but she was at her sister's.", 1},
	{"patient-name,age-over-90", "Mrs {SURNAME} rang about her husband. She is {AGE90} and still his main carer.", 1},
	{"age-over-90", "Patient {PSEUDO}, {AGE90}, attended with her son and said very little.", 2},
	{"age-over-90", "He's {AGE90}, he told me, and he wanted no more tablets.", 1},
	{"date-of-birth", "The spreadsheet column said DOB {DOBISO}, and I had pasted the whole row.", 1},
	// Known misses, kept so the scores stay honest: a doctor as a patient
	// described as a doctor, and an age after "of".
	{"patient-name,age-over-90", "Dr {SURNAME}, a retired GP of {AGE90}, came in with his wife and a list.", 1},
	{"age-over-90", "A ninety-two-year-old on the visit list taught me more about dying than any lecture.", 1},
}

var negatives = []template{
	{"-", "Started ramipril 2.5mg od and titrated to 10 mg over six weeks; BP came down from 162/98 to 138/84.", 1},
	{"-", "HbA1c 48 mmol/mol, eGFR 55, ACR 3.1: not bad for someone so anxious about her diabetes.", 1},
	{"-", "In 2019 the practice switched to total triage and I still have mixed feelings about it.", 1},
	{"-", "NICE guidance from March 2023 on hypertension was the topic of our 12 March 2024 teaching session.", 1},
	{"-", "Dr {COLL}, my trainer, suggested I think about what the patient's agenda really was.", 3},
	{"-", "Prof Greenhalgh's paper on narrative-based medicine made me slow down in consultations.", 1},
	{"-", "Gabbay J, le May A. Evidence based guidelines or collectively constructed mindlines? BMJ 2004;329:1013.", 1},
	{"-", "I reread Balint on the train (ISBN {ISBN}) and found it more relevant than I expected.", 2},
	{"-", "The SNOMED CT concept {SNOMED} kept appearing in the template and nobody knew why.", 2},
	{"-", "We coded it as 38341003 and the QOF indicator HYP008 was met.", 1},
	{"-", "Remember NHS 111 and 999 in the safety-netting, and Samaritans on 116 123.", 1},
	{"-", "The national helpline on 0300 123 1234 was more useful than anything I could offer.", 1},
	{"-", "The number on the form, {BAD}, did not pass the check digit and turned out to be a typo.", 3},
	{"-", "A made-up example such as {BAD} is what we use on the teaching slides.", 3},
	{"-", "The referral ID on the e-RS screen was {BAD}, which meant nothing to the patient.", 3},
	{"-", "Long numbers like {BAD} in the audit spreadsheet were just row identifiers.", 3},
	{"-", "See doi:10.1136/bmj.m1234 for the trial, and BMJ 2020;368:l6890 for the editorial.", 1},
	{"-", "Br J Gen Pract 2019;69(682):e1-e8 and Fam Pract 12(3):45-67 were on the reading list.", 1},
	{"-", "PMID 31234567 is the systematic review my supervisor recommended.", 1},
	{"-", "Patients aged 40-74 are invited for an NHS Health Check every five years.", 1},
	{"-", "Those aged 65 and over get the flu vaccine from September.", 1},
	{"-", "Dr Google had already diagnosed everything by the time she sat down.", 1},
	{"-", "Mr {COLL}, the consultant urologist, replied within a week.", 3},
	{"-", "I discussed it with Dr {COLL}, who taught me more in ten minutes than a week of lectures.", 2},
	{"-", "The 5 Year Forward View promised more GPs; the Long Term Plan promised more again.", 1},
	{"-", "Amoxicillin 500mg tds for 5 days, then review if no better after 48 hours.", 1},
	{"-", "Temperature 38.2, pulse 104, sats 95% on air, resp rate 22: she needed admission.", 1},
	{"-", "Patient A and Patient B in my audit were the only ones on both drugs.", 1},
	{"-", "Mrs X, a woman in her eighties, came in worried about her memory.", 1},
	{"-", "Week 12 of the ST3 year and the SCA is looming in 2025.", 1},
	{"-", "Cholesterol 6.2, LDL 4.1, QRISK3 14.2%, and she did not want a statin.", 1},
	{"-", "The patient DNA'd three times before we rang.", 1},
	{"-", "We audited 1,240 patients on the register and 312 were overdue a review.", 1},
	{"-", "Metformin 500 mg bd, increasing to 1 g bd after two weeks if tolerated.", 1},
	{"-", "Prof {COLL} et al (2021) found that continuity of care reduces mortality.", 3},
	{"-", "The PHQ-9 score was 17 and the GAD-7 was 14.", 1},
	{"-", "Levothyroxine 75 micrograms; TSH 4.2 mU/L at the six-week check.", 1},
	{"-", "The training day on 3 May 2024 covered menopause care.", 1},
	{"-", "I attended a teaching session on 12 March 2024 about frailty.", 1},
	{"-", "Our list is 12,500 patients and we have 6.4 WTE GPs.", 1},
	{"-", "Vitamin B12 1mg IM every 3 months; ferritin 12.", 1},
	{"-", "Dr {COLL}'s podcast on uncertainty was the best hour of my week.", 2},
	{"-", "My educational supervisor, Dr {COLL}, asked me to reflect on the complaint.", 2},
	{"-", "A two-week-wait referral went within 24 hours.", 1},
	{"-", "QOF code {SNOMED} is in the template for the asthma review.", 2},
	{"-", "In 2021, 2022 and 2023 our flu uptake was 72%, 75% and 78%.", 1},
	{"-", "Peak flow 380 L/min against a predicted 450.", 1},
	{"-", "FeNO 52 ppb and FEV1/FVC 0.68 confirmed what I suspected.", 1},
	{"-", "Ms {COLL}'s book on compassionate care is on my desk.", 2},
	{"-", "The CQC inspection in November 2022 rated us good.", 1},
	{"-", "Citalopram 20 mg od, reviewed at 2, 4 and 8 weeks.", 1},
	{"-", "Warfarin INR 2.6, target 2.0-3.0.", 1},
	{"-", "Haemoglobin 98 g/L, MCV 72 fL, so iron studies next.", 1},
	{"-", "Pulse 72 regular, BP 128/76, BMI 31.4.", 1},
	{"-", "The Oxford Handbook (ISBN {ISBN}) is still the one I reach for.", 2},
	{"-", "The SNOMED concept id {SNOMED} maps to the new frailty code.", 2},
	{"-", "CHA2DS2-VASc 3, ORBIT 1: anticoagulation was the right call.", 1},
	{"-", "I saw 34 patients today and did 6 home visits.", 1},
	{"-", "The clinic runs 08:30 to 18:30 Monday to Friday.", 1},
	{"-", "The ECG showed a rate of 110 and a QTc of 452 ms.", 1},
	{"-", "Gabbay J, le May A (2004) described mindlines; Greenhalgh T (2018) took the idea further.", 1},
	{"-", "Vol 69, issue 682, pages 45-67.", 1},
	{"-", "The 2023/24 QOF year ended with 559 of 635 points.", 1},
	{"-", "Our PCN covers about 45,000 people across four practices.", 1},
	{"-", "Mrs {COLL}, our practice manager, sorted the rota in an afternoon.", 3},
	{"-", "The Samaritans (116 123) and Shout (85258) numbers are on the waiting room poster.", 1},
	{"-", "Amlodipine 5 mg, atorvastatin 20 mg, aspirin 75 mg: the usual triad.", 1},
	{"-", "Tramadol 50-100mg qds prn, max 400 mg in 24 hours.", 1},
	{"-", "The DOAC dose for CrCl 30-49 is different, and I had to look it up.", 1},
	{"-", "In 1948 the NHS was founded; in 1966 the Family Doctors' Charter changed general practice.", 1},
	{"-", "Her Rockwood frailty score was 6 and her Barthel 14/20.", 1},
	{"-", "The GMC's Good Medical Practice (2024) is clear on confidentiality.", 1},
	{"-", "I read Dr {COLL}'s blog about burnout on the bus home.", 2},
	{"-", "The Caldicott principles (1997, revised 2020) were the subject of our meeting.", 1},
	{"-", "The screening line 0300 311 22 33 was busy all morning.", 1},
	{"-", "Ramipril 1.25 mg, then 2.5 mg, then 5 mg at 2-week intervals.", 1},
	{"-", "Heath I (1995) The Mystery of General Practice is still worth reading.", 1},
	{"-", "Prof {COLL} gave a talk at the conference in Harrogate on 4 October 2023.", 2},
	{"-", "Mr {COLL}'s research on shared decision-making changed our leaflets.", 2},
	{"-", "NHS number {BAD} in the example letter has a wrong check digit on purpose.", 3},
	{"-", "A CHI-shaped {BADCHI} on the slide fails the Modulus 11 check.", 2},
	{"-", "The H&C-style {BADHC} in the handout is deliberately invalid.", 2},
	{"-", "SNOMED CT 1240581000000104 is the long id for the COVID vaccine code.", 1},
	{"-", "Over 90% of our consultations were face to face by 2023.", 1},
	{"-", "Sertraline 50 mg, increased to 100 mg after 4 weeks.", 1},
	{"-", "We spent 10 minutes per patient and 45 minutes on paperwork.", 1},
	{"-", "Dr {COLL} and Dr {COLL2} ran the menopause clinic together.", 2},
	{"-", "The lecture by Prof {COLL} on health inequalities was the highlight of the course.", 2},
	{"-", "NICE NG136 (2019) and the BHS guidance both recommend home readings.", 1},
	{"-", "The 12 March 2024 session on frailty was run by the PCN pharmacist.", 1},
	{"-", "Codes 1234567 and 7654321 in the Read code list were retired.", 1},
	{"-", "A1 and B2 on the rota sheet mean morning and afternoon sessions.", 1},
	{"-", "The M1 and M62 were closed, so the locum was late.", 1},
	{"-", "Year 2 of the programme starts in September 2025.", 1},
	{"-", "The 3 Step Plan from the ICB arrived in June.", 1},
	{"-", "The box of 28 tablets cost 1.45 and the prescription charge is 9.90.", 1},
	{"-", "An eGFR of 42 and a potassium of 5.6 made me stop the spironolactone.", 1},
	{"-", "Infliximab 5 mg/kg at weeks 0, 2 and 6, then every 8 weeks.", 1},
	{"-", "Prof {COLL}'s work on continuity is cited in every training session.", 2},
	{"-", "As Dr {COLL} wrote in the BJGP, uncertainty is the job.", 2},
	{"-", "The ISBN 978-0-19-885625-7 edition has the new chapters.", 1},
	{"-", "Ward rounds start at 08:00 and finish by 10:30 most days.", 1},
	{"-", "The ODS code for a practice is public and looks like B86001.", 1},
	{"-", "Our telephone system queues 40 callers at 08:00 every Monday.", 1},
	{"-", "The Mr Men books in the waiting room are older than our newest partner.", 1},
	{"-", "Miss a dose and the INR drops, I explained for the third time.", 1},
	{"-", "Greenhalgh T, Howick J, Maskrey N. Evidence based medicine: a movement in crisis? BMJ 2014;348:g3725.", 1},
	{"-", "Starfield B, Shi L, Macinko J. Milbank Q 2005;83(3):457-502.", 1},
	{"-", "Marmot M. Fair society, healthy lives. 2010. The review still shapes our PCN plans.", 1},
	{"-", "ISSN 0959-8138 is the print BMJ, which I still get.", 1},
	{"-", "Ring NHS 111 (free from landlines and mobiles) or the screening line on 0300 311 22 33.", 1},
	{"-", "EMIS Web 8.12.3 broke the template again on Monday.", 1},
	{"-", "In the 1990s practices kept paper Lloyd George envelopes.", 1},
	{"-", "The 90-day rule for repeat prescriptions caused more calls.", 1},
	{"-", "Patients aged 16-18 can consent on their own.", 1},
	{"-", "Over-90s make up 1% of our list but 10% of home visits.", 1},
	{"-", "The 93 bus takes an hour to reach the hospital.", 1},
	{"-", "Salbutamol 100 micrograms, 2 puffs up to qds, and a spacer.", 1},
	{"-", "INR 2.6 in the anticoagulation clinic report from 12/03/2024.", 1},
	{"-", "Since 1 April 2023 the contract has paid for fewer reviews.", 1},
	{"-", "NICE CG181 on lipids has been replaced by NG238.", 1},
	{"-", "The SCT code {SNOMED} was added to the smoking template.", 1},
	{"-", "I shadowed Dr {COLL}'s surgery for a morning and learned a lot.", 2},
	{"-", "Prof {COLL} (2019) argued that GPs are specialists in uncertainty.", 2},
	{"-", "Dr {COLL}, a GP partner in the next town, runs the training scheme.", 2},
	{"-", "Mr {COLL}, the orthopaedic surgeon, wrote a kind letter back.", 2},
	{"-", "The receptionist, Mrs {COLL}, knows every family in the village.", 2},
	{"-", "Ms {COLL}, our practice nurse, spotted the rash first.", 2},
	{"-", "The 111 service and the 999 call handlers both use NHS Pathways.", 1},
	{"-", "Fluoxetine 20 mg for 6 months, then a review at 12 weeks.", 1},
	{"-", "Bisoprolol 1.25 mg, 2.5 mg, 3.75 mg, 5 mg: we got there in the end.", 1},
	{"-", "An estimated 1 in 10 adults over 65 has diabetes.", 1},
	{"-", "Mrs Thatcher's reforms of 1990 created the internal market.", 1},
	{"-", "Appraisal is due on 30 June, which is when my PDP needs finishing.", 1},
	{"-", "The practice moved in 2017, and the new building opened on 4 September 2017.", 1},
	{"-", "A 10-year-old audit tool still runs on our server.", 1},
	{"-", "Page 45-67 of the handbook covers the 4 Ts of delirium.", 1},
	{"-", "Glucose 7.8, lactate 2.1, CRP 84 and WCC 14.2.", 1},
	{"-", "The CSA cost 1,050 and the AKT 495 when I sat them.", 1},
	{"-", "We used template version 2.4.1 for the 2024/25 QOF year.", 1},
	{"-", "The paper {BADREF} in the appendix had a typo in its reference number.", 2},
	{"-", "He was 92 minutes late and still expected to be seen.", 1},
	{"-", "She is 25 weeks pregnant and worried about the heartburn.", 1},
	{"-", "The 94 year old building needs a new roof before the CQC visit.", 1},
	{"-", "In her nineties and living alone, she was fiercely independent.", 1},
}

var (
	surnames   = strings.Fields("Patel Jones Smith Okafor Nowak O'Brien McLeod Khan Williams Begum Davies Evans Hughes Kowalski Ahmed Campbell Murphy Wright Edwards Thompson Robinson Chen Singh Walsh Fraser Hussain Taylor Adeyemi Doherty Pritchard Lloyd Morgan")
	colleagues = strings.Fields("Marshall Fenwick Sharma Osei Lambert Carter Byrne Rahman Ellis Hartley")
	streets    = strings.Fields("Acacia Mill Station Church Victoria Albert Beech Rowan Chapel Orchard Willow Nelson Cavendish Elm")
	suffixes   = strings.Fields("Avenue Lane Road Street Close Crescent Drive Gardens Grove Terrace Way")
	areas      = strings.Fields("LS M B SW1A EH BT CF NE G S BS L NG SE N W")
	months     = strings.Fields("January February March April May June July August September October November December")
	initials   = strings.Fields("JS AK MB RT EW DP KL SH JT CM")
)

// corpusGen draws invented values from a fixed seed.
type corpusGen struct{ r *rand.Rand }

func (g corpusGen) digits(n int) []byte {
	d := make([]byte, n)
	for i := range d {
		d[i] = byte('0' + g.r.IntN(10))
	}
	return d
}

// check returns the Modulus 11 check digit for nine digits, or -1 for 10
// (never issued).
func check(d []byte) int {
	sum := 0
	for k := 0; k < 9; k++ {
		sum += int(d[k]-'0') * (10 - k)
	}
	c := 11 - sum%11
	if c == 11 {
		return 0
	}
	if c == 10 {
		return -1
	}
	return c
}

// tenDigits completes a nine-digit prefix with a valid check digit, or an
// invalid one if bad is set.
func (g corpusGen) tenDigits(prefix func() []byte, bad bool) string {
	for {
		d := prefix()
		c := check(d)
		switch {
		case !bad && c >= 0:
			return string(append(d, byte('0'+c)))
		case bad:
			w := g.r.IntN(10)
			if w == c {
				continue
			}
			return string(append(d, byte('0'+w)))
		}
	}
}

func (g corpusGen) spaced(n string) string {
	switch g.r.IntN(3) {
	case 0:
		return n
	case 1:
		return n[:3] + " " + n[3:6] + " " + n[6:]
	}
	return n[:3] + "-" + n[3:6] + "-" + n[6:]
}

func (g corpusGen) nhsPrefix() []byte {
	d := g.digits(9)
	d[0] = "4467"[g.r.IntN(4)]
	return d
}

func (g corpusGen) chiPrefix() []byte {
	day, month, year := 1+g.r.IntN(28), 1+g.r.IntN(12), g.r.IntN(100)
	return []byte(fmt.Sprintf("%02d%02d%02d%s", day, month, year, g.digits(3)))
}

func (g corpusGen) hcPrefix() []byte {
	return []byte(fmt.Sprintf("%d%s", 320+g.r.IntN(80), g.digits(6)))
}

func (g corpusGen) postcode() string {
	const in = "ABDEFGHJLNPQRSTUWXYZ"
	a := areas[g.r.IntN(len(areas))]
	out := a
	if len(a) <= 2 {
		out += fmt.Sprint(1 + g.r.IntN(20))
	}
	return fmt.Sprintf("%s %d%c%c", out, g.r.IntN(10), in[g.r.IntN(len(in))], in[g.r.IntN(len(in))])
}

func (g corpusGen) ni() string {
	const first, second = "ABCEGHJKLMNOPRSTWXYZ", "ABCEGHJKLMNPRSTWXYZ"
	for {
		p := string([]byte{first[g.r.IntN(len(first))], second[g.r.IntN(len(second))]})
		switch p {
		case "BG", "GB", "KN", "NK", "NT", "TN", "ZZ":
			continue
		}
		d := g.digits(6)
		suffix := "ABCD"[g.r.IntN(4)]
		if g.r.IntN(2) == 0 {
			return fmt.Sprintf("%s %s %s %s %c", p, d[:2], d[2:4], d[4:], suffix)
		}
		return fmt.Sprintf("%s%s%c", p, d, suffix)
	}
}

func (g corpusGen) value(key string) string {
	r := g.r
	switch key {
	case "NHS":
		return g.spaced(g.tenDigits(g.nhsPrefix, false))
	case "CHI":
		n := g.tenDigits(g.chiPrefix, false)
		if r.IntN(3) == 0 {
			return n[:6] + " " + n[6:]
		}
		return n
	case "HC":
		return g.spaced(g.tenDigits(g.hcPrefix, false))
	case "BAD":
		return g.spaced(g.tenDigits(g.nhsPrefix, true))
	case "BADCHI":
		return g.tenDigits(g.chiPrefix, true)
	case "BADHC":
		return g.spaced(g.tenDigits(g.hcPrefix, true))
	case "SNOMED", "ISBN":
		// Valid check digits on purpose: only the label saves them.
		return g.tenDigits(g.nhsPrefix, false)
	case "SURNAME":
		return surnames[r.IntN(len(surnames))]
	case "COLL", "COLL2":
		return colleagues[r.IntN(len(colleagues))]
	case "PSEUDO":
		return []string{"X", "A", "B", "C"}[r.IntN(4)]
	case "INIT":
		return initials[r.IntN(len(initials))]
	case "AGE":
		return fmt.Sprint(18 + r.IntN(72))
	case "AGE90":
		return fmt.Sprint(90 + r.IntN(14))
	case "POSTCODE":
		return g.postcode()
	case "MOBILE":
		return fmt.Sprintf("07700 900%03d", r.IntN(1000))
	case "LANDLINE":
		formats := []string{"0161 496 0%03d", "020 7946 0%03d", "0113 496 0%03d", "01632 960%03d", "0121 496 0%03d"}
		return fmt.Sprintf(formats[r.IntN(len(formats))], r.IntN(1000))
	case "MOBILEPLAIN":
		return fmt.Sprintf("07700900%03d", r.IntN(1000))
	case "AREA":
		return []string{"0161", "0113", "0121", "0114"}[r.IntN(4)]
	case "D3":
		return fmt.Sprintf("%03d", r.IntN(1000))
	case "POSTCODENOSPACE":
		return strings.ReplaceAll(g.postcode(), " ", "")
	case "BADREF":
		return g.tenDigits(g.nhsPrefix, true)
	case "INTL":
		return fmt.Sprintf("+44 7700 900%03d", r.IntN(1000))
	case "EMAIL":
		s := strings.ToLower(strings.ReplaceAll(surnames[r.IntN(len(surnames))], "'", ""))
		return fmt.Sprintf("%c.%s%d@example.%s", 'a'+rune(r.IntN(26)), s, r.IntN(100), []string{"com", "org", "net"}[r.IntN(3)])
	case "NI":
		return g.ni()
	case "MRNNUM":
		return fmt.Sprint(1000000 + r.IntN(90000000))
	case "MRNTOK":
		return fmt.Sprintf("R%c%c%06d", 'A'+rune(r.IntN(26)), 'A'+rune(r.IntN(26)), r.IntN(1000000))
	case "ADDR":
		return fmt.Sprintf("%d %s %s", 1+r.IntN(180), streets[r.IntN(len(streets))], suffixes[r.IntN(len(suffixes))])
	case "DOBNUM":
		day, month, year := 1+r.IntN(28), 1+r.IntN(12), 1925+r.IntN(70)
		if r.IntN(2) == 0 {
			return fmt.Sprintf("%02d/%02d/%d", day, month, year)
		}
		return fmt.Sprintf("%02d.%02d.%02d", day, month, year%100)
	case "DOBISO":
		return fmt.Sprintf("%d-%02d-%02d", 1925+r.IntN(70), 1+r.IntN(12), 1+r.IntN(28))
	case "DOBWORDS":
		return fmt.Sprintf("%d %s %d", 1+r.IntN(28), months[r.IntN(12)], 1925+r.IntN(70))
	case "DAYMONTH":
		return fmt.Sprintf("%d %s", 1+r.IntN(28), months[r.IntN(12)])
	case "ENCNUM":
		return fmt.Sprintf("%02d/%02d/%d", 1+r.IntN(28), 1+r.IntN(12), 2020+r.IntN(5))
	}
	panic("unknown placeholder " + key)
}

func (g corpusGen) fill(text string) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(text, '{')
		if i < 0 {
			b.WriteString(text)
			return b.String()
		}
		j := strings.IndexByte(text[i:], '}') + i
		b.WriteString(text[:i])
		b.WriteString(g.value(text[i+1 : j]))
		text = text[j+1:]
	}
}

// generateCorpus returns the corpus file, one "kinds | text" line a snippet.
func generateCorpus() string {
	g := corpusGen{rand.New(rand.NewPCG(2024, 1948))}
	var b strings.Builder
	b.WriteString("# Labelled corpus of invented GP reflection snippets: kinds | text (\"-\" for none).\n")
	b.WriteString("# Generated by corpus_gen_test.go; regenerate with go test -run TestCorpus -update.\n")
	seen := map[string]bool{}
	for _, set := range [][]template{positives, negatives} {
		for _, tp := range set {
			for k := 0; k < tp.n; k++ {
				s := g.fill(tp.text)
				if seen[s] {
					continue
				}
				seen[s] = true
				fmt.Fprintf(&b, "%s | %s\n", tp.kinds, s)
			}
		}
	}
	return b.String()
}
