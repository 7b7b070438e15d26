"""Static world data for gen.py (names, places, companies words).

Name entries may carry spelling/transliteration variants separated by '|':
the first spelling is the canonical one.  Japanese names use macrons
(o-macron, u-macron) as the canonical Hepburn form; the renderer turns them
into o / ou / oh etc.
"""

NAMES = {
    'US': dict(
        m="James Robert John Michael William David Richard Joseph Thomas Charles Christopher Daniel Matthew "
          "Anthony Steven|Stephen Andrew Joshua Kenneth Edward Benjamin Samuel Alexander Nicholas Jonathan Timothy "
          "Gregory Patrick Peter Jacob Nathan Brian|Bryan Kevin Jason Ryan Eric|Erik Scott Mark|Marc Paul Jose|José Carlos Luis|Luís Henry Frederick",
        f="Mary Patricia Jennifer Elizabeth Katherine|Kathryn|Catherine Margaret Susan Jessica Sarah|Sara Karen Nancy "
          "Rebecca Deborah Victoria Alexandra Samantha Christine Emily Emma Olivia Abigail Jacqueline Stephanie "
          "Amanda Kimberly Lauren Megan Ashley Michelle Laura Maria|María Rachel Heather Nicole Melissa Ann|Anne Charlotte",
        last="Smith Johnson Williams Brown Jones Garcia|García Miller Davis Rodriguez|Rodríguez Martinez|Martínez Hernandez Lopez|López Wilson "
             "Anderson Thomas Taylor Moore Jackson Martin Lee Thompson White Harris Clark Lewis Robinson Walker "
             "Young Allen King Wright Scott Nguyen Hill Green Adams Baker Nelson Carter Mitchell Roberts "
             "O'Brien|OBrien|O_Brien McDonald|Mcdonald|MacDonald Kowalski Patel Kim Chen Murphy Sullivan Cohen Rivera Peterson Cooper "
             "Reed Bailey Bell Gomez Kelly Howard Ward Cox Diaz Richardson Wood Watson Brooks Bennett Gray|Grey "
             "Reyes Cruz Hughes Price Myers Long Foster Sanders Ross Morales Powell"),
    'UK': dict(
        m="Oliver George Harry Jack James William|Bill Thomas David John Michael Richard Andrew Paul Mark Daniel "
          "Christopher Matthew Stephen|Steven Peter Robert Edward Benjamin Samuel Charles Alexander Jonathan Nicholas "
          "Simon Ian|Iain Graham Stuart|Stewart Neil|Niall Callum Liam Connor Alistair|Alasdair Rhys Gareth Dylan Jamie",
        f="Olivia Amelia Isla Emily Sophie|Sophia Charlotte Jessica Lucy Hannah Emma Sarah Laura Rebecca Katherine|Catherine "
          "Elizabeth Victoria Rachel Claire|Clare Helen Joanne Nicola Louise Gemma Amy Zoe Eleanor|Elinor Margaret Fiona "
          "Siobhan Catriona Bethan Alexandra Samantha Natalie Deborah",
        last="Smith Jones Williams Taylor Brown Davies Evans Wilson Thomas Johnson Roberts Robinson Thompson Wright "
             "Walker White Edwards Hughes Green Hall Lewis Harris Clarke|Clark Patel Jackson Wood Turner Martin Cooper "
             "Hill Ward Morris Moore Lee King Baker Harrison Morgan Allen O'Connor|OConnor Khan Ali Singh Murphy "
             "MacLeod|McLeod Campbell Stewart Anderson Scott Mitchell Phillips|Philips Watson Davis Shaw Chapman Ellis "
             "Webb Griffiths|Griffith Lloyd Fraser Hamilton Kaur Begum Ahmed"),
    'DE': dict(
        m="Alexander Maximilian Johannes Michael Thomas Andreas Stefan|Stephan Christian Wolfgang Jürgen Klaus "
          "Matthias|Mathias Sebastian Tobias Lukas|Lucas Jörg Uwe Florian Markus|Marcus Daniel Frank Dieter Günter|Günther "
          "Björn Ralf|Ralph Hans-Peter Karl-Heinz Friedrich Felix Jonas Moritz Philipp|Phillip Jan Tim Niklas|Nicklas "
          "Aleksandr|Alexandr|Oleksandr Sergey|Sergei|Sergej Dmitry|Dmitri|Dimitri|Dmitrij Yevgeny|Evgeny|Jewgeni|Evgeni "
          "Mehmet|Mehmed Murat Emre",
        f="Katharina|Katarina Anna Julia Sabine Susanne Claudia Andrea Stefanie|Stephanie Christina|Kristina Nicole Petra "
          "Monika Ursula Elisabeth|Elizabeth Franziska Johanna Jana Lena Sophie|Sofie Birgit Jessica Gabriele Margarete "
          "Anke Heike Sandra Melanie Laura Lea|Leah Marie Hannah|Hanna Natalia|Natalya|Natalja Tatiana|Tatyana|Tatjana "
          "Elena|Yelena|Jelena Ayşe|Ayse Fatma Elif",
        last="Müller Schmidt Schneider Fischer Weber Meyer|Meier|Maier|Mayer Wagner Becker Schulz Hoffmann|Hofmann Schäfer "
             "Koch Bauer Richter Klein Wolf Schröder Neumann Schwarz Zimmermann Braun Krüger Hartmann Lange "
             "Schmitt Werner Schmitz Krause Lehmann Köhler Herrmann König Walter Huber Kaiser Fuchs Peters Lang "
             "Scholz Möller Weiß Jung Hahn Vogel Friedrich Keller Günther Berger Winkler Roth Beck Lorenz Baumann "
             "Franke Albrecht Schuster Simon Ludwig Böhm Winter Kraus Schumacher Krämer Vogt Stein Jäger Otto "
             "Sommer Groß Seidel Heinrich Brandt Haas Schreiber Graf Dietrich Ziegler Kuhn Engel Horn Busch "
             "Ivanov|Iwanow|Ivanoff Petrov|Petrow Smirnov|Smirnow Kuznetsov|Kusnezow Yılmaz|Yilmaz Öztürk|Ozturk "
             "Kaya Demir Çelik|Celik Şahin|Sahin Nowak Kowalski|Kowalsky"),
    'FR': dict(
        m="Jean Jean-Pierre Jean-Luc Jean-François Pierre Philippe Michel Alain Nicolas François Laurent Stéphane "
          "Sébastien Julien Thomas Antoine Guillaume Mathieu|Matthieu Christophe Frédéric Éric Olivier Benoît "
          "Jérôme Grégoire Théo Hugo Lucas Louis Maxime Alexandre Damien Vincent Arnaud Cédric",
        f="Marie Anne Nathalie Isabelle Sylvie Catherine Sophie Camille Julie Céline Aurélie Émilie Valérie Hélène "
          "Christine Stéphanie Élodie Léa Manon Chloé Marie-Claire Anne-Sophie Margaux|Margot Océane Inès Clémence "
          "Françoise Sandrine Virginie Caroline Laetitia|Lætitia|Létitia Marion Pauline",
        last="Martin Bernard Thomas Petit Robert Richard Durand Dubois Moreau Laurent Simon Michel Lefèvre|Lefebvre "
             "Leroy Roux David Bertrand Morel Fournier Girard Bonnet Dupont Lambert Fontaine Rousseau Vincent "
             "Muller|Müller Faure André Mercier Blanc Guérin Boyer Garnier Chevalier François Legrand Gauthier|Gautier "
             "Garcia Perrin Robin Clément Morin Nicolas Henry Roussel Mathieu Masson Marchand Duval Denis Dumont "
             "Lemaire Noël Meyer Dufour Meunier Brun Blanchard Giraud Joly Rivière Lucas Brunet Gaillard Barbier "
             "Arnaud Roche Renard Colin Vidal Caron Picard Roger Fabre Aubert Lemoine Renaud Dumas Lacroix "
             "Le_Gall|Legall Le_Goff|Legoff Da_Silva|Dasilva N'Diaye|Ndiaye Benali Haddad"),
    'IN': dict(
        m="Rahul Amit Rajesh Suresh Ramesh Vijay Sanjay Arun Anil Sunil Mohammed|Mohammad|Muhammad|Mohd Abdul Ravi "
          "Vikram Srinivas|Shrinivas|Sreenivas Venkatesh Krishna Arjun Aditya Rohit Deepak Manoj Prakash "
          "Karthik|Kartik|Karthick Harish Abhishek Nikhil Sandeep|Sundeep Gaurav|Gourav Pradeep Ashok Balasubramanian Ramakrishnan Imran",
        f="Priya Anjali Lakshmi|Laxmi Sunita Pooja|Puja Neha Divya Kavita|Kavitha Deepika Aishwarya Shreya|Shriya "
          "Sneha Anita Meena Radha Swati|Swathi Fatima Sushma Rekha Nandini Aarti|Arti Bhavna|Bhavana Ritu Shweta|Swetha "
          "Jyoti|Jyothi Madhuri Geeta|Geetha Ayesha|Aisha",
        last="Sharma Singh Kumar Patel Gupta Reddy Rao Iyer Nair Menon Das Shah Mehta Joshi Verma "
             "Agarwal|Aggarwal|Agrawal Chatterjee|Chatterji Banerjee|Banerji Mukherjee|Mukherji Khan Pillai Naidu "
             "Choudhury|Chowdhury|Chaudhary|Chaudhuri Desai Kulkarni Bhat|Bhatt Srinivasan Krishnan "
             "Subramanian|Subramaniam Ahmed|Ahmad Jain Malhotra Kapoor Saxena Mishra Pandey Yadav Thakur Ghosh Bose"),
    'BR': dict(
        m="João José Antônio|António Francisco Carlos Paulo Pedro Lucas Luiz|Luís|Luis Marcos Gabriel Rafael|Raphael "
          "Daniel Marcelo Bruno Eduardo Felipe|Filipe Rodrigo Gustavo Thiago|Tiago Leonardo Matheus|Mateus "
          "Ricardo Fernando André Fábio Vinícius Diego Igor Henrique",
        f="Maria Ana Francisca Antônia Adriana Juliana Márcia Fernanda Patrícia Aline Camila Amanda Bruna "
          "Letícia Beatriz Mariana Gabriela Larissa Vitória Luana Maria_Eduarda|Maria-Eduarda Ana_Paula|Ana-Paula Renata Tatiana|Tatiane "
          "Vanessa Carolina Daniela Isabela|Isabella Raquel Sandra",
        last="Silva Santos Oliveira Souza|Sousa Rodrigues Ferreira Alves Pereira Lima Gomes Costa Ribeiro Martins "
             "Carvalho Almeida Lopes Soares Fernandes Vieira Barbosa Rocha Dias Nascimento Andrade Moreira Nunes "
             "Marques Machado Mendes Freitas Cardoso Ramos Gonçalves Santana Teixeira Araújo Correia Pinto Cavalcanti "
             "Moura Campos Monteiro"),
    'JP': dict(
        m="Hiroshi Takashi Satoshi Kenji Yūki Shun'ichi Ryōta Daisuke Kazuki Takumi Shō Yūsuke Kenta Hiroki "
          "Makoto Tatsuya Naoki Shōta Jun Kōji Tsuyoshi Masahiro Yoshihiro Kōhei Ichirō Shinji Tetsuya Akira",
        f="Yōko Yūko Keiko Akiko Tomoko Naoko Sachiko Yumi Ayumi Mayumi Emi Haruka Yui Aoi Sakura Misaki Mai "
          "Kaori Megumi Yuka Chihiro Yūka Noriko Kyōko Junko Rie Chie Asuka",
        last="Satō Suzuki Takahashi Tanaka Watanabe Itō Yamamoto Nakamura Kobayashi Katō Yoshida Yamada Sasaki "
             "Yamaguchi Matsumoto Inoue Kimura Hayashi Shimizu Yamazaki|Yamasaki Mori Abe Ikeda Hashimoto Yamashita "
             "Ishikawa Nakajima|Nakashima Maeda Fujita Ogawa Gotō Okada Hasegawa Murakami Kondō Ishii Saitō Sakamoto "
             "Endō Aoki Fujii Nishimura Fukuda Ōta Miura Fujiwara Okamoto Matsuda Nakagawa Ōno Honda Kojima"),
}

# formal -> informal / short forms (and a few cross-language equivalents)
NICK = {
    'William': ['Bill', 'Will', 'Billy', 'Liam'], 'Robert': ['Bob', 'Rob', 'Bobby', 'Robbie'],
    'James': ['Jim', 'Jimmy', 'Jamie'], 'John': ['Jack', 'Johnny'], 'Michael': ['Mike', 'Mick'],
    'Richard': ['Rick', 'Rich', 'Dick', 'Richie'], 'Joseph': ['Joe', 'Joey'], 'Thomas': ['Tom', 'Tommy'],
    'Charles': ['Charlie', 'Chuck'], 'Christopher': ['Chris'], 'Daniel': ['Dan', 'Danny'],
    'Matthew': ['Matt'], 'Anthony': ['Tony'], 'Steven': ['Steve'], 'Stephen': ['Steve'], 'Andrew': ['Andy', 'Drew'],
    'Joshua': ['Josh'], 'Kenneth': ['Ken', 'Kenny'], 'Edward': ['Ed', 'Eddie', 'Ted'], 'Benjamin': ['Ben'],
    'Samuel': ['Sam'], 'Alexander': ['Alex', 'Sasha', 'Sascha', 'Xander'], 'Nicholas': ['Nick'],
    'Jonathan': ['Jon'], 'Timothy': ['Tim'], 'Gregory': ['Greg'], 'Patrick': ['Pat', 'Paddy'], 'Peter': ['Pete'],
    'Jacob': ['Jake'], 'Nathan': ['Nate'], 'Oliver': ['Ollie'], 'Frederick': ['Fred', 'Freddie'],
    'Henry': ['Harry', 'Hank'], 'Alistair': ['Ali'], 'Callum': ['Cal'], 'David': ['Dave'], 'Ian': [],
    'Elizabeth': ['Liz', 'Beth', 'Lizzie', 'Betty'], 'Katherine': ['Kate', 'Kathy', 'Katie'],
    'Kathryn': ['Kate', 'Kathy'], 'Catherine': ['Cathy', 'Kate', 'Cat'], 'Margaret': ['Maggie', 'Meg', 'Peggy'],
    'Patricia': ['Pat', 'Patty', 'Trish'], 'Jennifer': ['Jen', 'Jenny'], 'Susan': ['Sue', 'Susie'],
    'Jessica': ['Jess'], 'Rebecca': ['Becky', 'Becca'], 'Deborah': ['Debbie', 'Deb'], 'Victoria': ['Vicky', 'Tori'],
    'Alexandra': ['Alex', 'Sasha', 'Lexi'], 'Samantha': ['Sam'], 'Christine': ['Chris', 'Tina'],
    'Abigail': ['Abby'], 'Jacqueline': ['Jackie'], 'Stephanie': ['Steph'], 'Amanda': ['Mandy'],
    'Kimberly': ['Kim'], 'Olivia': ['Liv'], 'Charlotte': ['Charlie', 'Lottie'], 'Amelia': ['Millie'],
    'Nicole': ['Nikki'], 'Melissa': ['Mel'], 'Eleanor': ['Ellie', 'Nell'], 'Natalie': ['Nat'], 'Nicola': ['Nicky'],
    'Maximilian': ['Max'], 'Johannes': ['Hannes', 'Jo'], 'Andreas': ['Andi'], 'Matthias': ['Matze'],
    'Sebastian': ['Basti'], 'Tobias': ['Tobi'], 'Florian': ['Flo'], 'Friedrich': ['Fritz'], 'Wolfgang': ['Wolf'],
    'Christian': ['Chris'], 'Katharina': ['Kathi', 'Katja'], 'Susanne': ['Susi'], 'Stefanie': ['Steffi'],
    'Christina': ['Tina'], 'Franziska': ['Franzi'], 'Gabriele': ['Gabi'], 'Ursula': ['Uschi', 'Ulla'],
    'Johanna': ['Hanna'], 'Philipp': ['Phil'], 'Niklas': ['Nik'], 'Karl-Heinz': ['Kalle'], 'Hans-Peter': ['HP'],
    'Aleksandr': ['Sasha', 'Sascha', 'Alex'], 'Yevgeny': ['Zhenya', 'Eugen'], 'Dmitry': ['Dima'],
    'Sergey': ['Serge'], 'Natalia': ['Natasha'], 'Tatiana': ['Tanya', 'Tanja'], 'Elena': ['Lena'],
    'Nicolas': ['Nico'], 'Sébastien': ['Seb'], 'Frédéric': ['Fred'], 'Christophe': ['Chris'], 'Maxime': ['Max'],
    'Alexandre': ['Alex'], 'Isabelle': ['Isa'], 'Valérie': ['Val'], 'Stéphanie': ['Steph'],
    'Jean-Pierre': ['JP'], 'Jean-François': ['JF'], 'Anne-Sophie': ['Anne'], 'Marie-Claire': ['Marie'],
    'Rajesh': ['Raj', 'Raju'], 'Vikram': ['Vicky', 'Vik'], 'Venkatesh': ['Venky'], 'Aditya': ['Adi'],
    'Srinivas': ['Srini'], 'Krishna': ['Krish'], 'Abhishek': ['Abhi'], 'Aishwarya': ['Ash'],
    'Mohammed': ['Mo'], 'Balasubramanian': ['Bala'], 'Ramakrishnan': ['Ramki'], 'Nikhil': ['Nik'],
    'Francisco': ['Chico'], 'Eduardo': ['Edu', 'Dudu'], 'Rafael': ['Rafa'], 'Gustavo': ['Guga', 'Guto'],
    'Felipe': ['Lipe'], 'Rodrigo': ['Digo'], 'Juliana': ['Ju'], 'Fernanda': ['Nanda'], 'Beatriz': ['Bia'],
    'Mariana': ['Mari'], 'Gabriela': ['Gabi'], 'Gabriel': ['Gabi', 'Biel'], 'Camila': ['Cami'],
    'José': ['Zé'], 'Antônio': ['Toninho'], 'Leonardo': ['Léo', 'Leo'], 'Ricardo': ['Rick'],
    'Hiroshi': ['Hiro'], 'Takashi': ['Tak'], 'Kenji': ['Ken'], 'Yoshihiro': ['Yoshi'], 'Masahiro': ['Masa'],
}

# country -> list of (city, [alt spellings], state, [alt state], zip-maker key, [area codes], std utc offset min, dst)
CITIES = {
    'US': [("New York", ["NYC", "New York City"], "NY", ["New York"], "100", ["212", "646", "917"], -300, True),
           ("San Francisco", ["SF", "San Fransisco"], "CA", ["California"], "941", ["415", "628"], -480, True),
           ("Austin", [], "TX", ["Texas"], "787", ["512", "737"], -360, True),
           ("Chicago", [], "IL", ["Illinois"], "606", ["312", "773"], -360, True),
           ("Boston", [], "MA", ["Massachusetts", "Mass."], "021", ["617", "857"], -300, True),
           ("Seattle", [], "WA", ["Washington"], "981", ["206"], -480, True),
           ("Denver", [], "CO", ["Colorado"], "802", ["303", "720"], -420, True),
           ("Atlanta", [], "GA", ["Georgia"], "303", ["404", "678"], -300, True),
           ("Miami", [], "FL", ["Florida"], "331", ["305", "786"], -300, True),
           ("Columbus", [], "OH", ["Ohio"], "432", ["614"], -300, True)],
    'UK': [("London", [], "Greater London", ["London"], "L", ["20"], 0, True),
           ("Manchester", [], "Greater Manchester", [], "M", ["161"], 0, True),
           ("Birmingham", [], "West Midlands", [], "B", ["121"], 0, True),
           ("Leeds", [], "West Yorkshire", ["Yorkshire"], "LS", ["113"], 0, True),
           ("Glasgow", [], "Scotland", ["Glasgow City"], "G", ["141"], 0, True),
           ("Edinburgh", [], "Scotland", ["City of Edinburgh"], "EH", ["131"], 0, True),
           ("Bristol", [], "Bristol", ["Avon"], "BS", ["117"], 0, True)],
    'DE': [("Berlin", [], "Berlin", [], "1", ["30"], 60, True),
           ("München", ["Munich", "Muenchen", "Munchen"], "Bayern", ["Bavaria", "BY"], "8", ["89"], 60, True),
           ("Hamburg", [], "Hamburg", ["HH"], "2", ["40"], 60, True),
           ("Köln", ["Cologne", "Koeln", "Koln"], "Nordrhein-Westfalen", ["NRW", "North Rhine-Westphalia"], "5", ["221"], 60, True),
           ("Frankfurt am Main", ["Frankfurt", "Frankfurt/Main", "Frankfurt a.M."], "Hessen", ["Hesse", "HE"], "6", ["69"], 60, True),
           ("Stuttgart", [], "Baden-Württemberg", ["BW", "Baden-Wuerttemberg"], "7", ["711"], 60, True),
           ("Düsseldorf", ["Duesseldorf", "Dusseldorf"], "Nordrhein-Westfalen", ["NRW"], "4", ["211"], 60, True)],
    'FR': [("Paris", [], "Île-de-France", ["Ile-de-France", "IDF"], "75", ["1"], 60, True),
           ("Lyon", [], "Auvergne-Rhône-Alpes", ["Rhône", "Auvergne-Rhone-Alpes"], "69", ["4"], 60, True),
           ("Marseille", ["Marseilles"], "Provence-Alpes-Côte d'Azur", ["PACA"], "13", ["4"], 60, True),
           ("Toulouse", [], "Occitanie", [], "31", ["5"], 60, True),
           ("Lille", [], "Hauts-de-France", [], "59", ["3"], 60, True),
           ("Nantes", [], "Pays de la Loire", [], "44", ["2"], 60, True),
           ("Bordeaux", [], "Nouvelle-Aquitaine", [], "33", ["5"], 60, True)],
    'IN': [("Mumbai", ["Bombay"], "Maharashtra", ["MH"], "400", ["22"], 330, False),
           ("Bengaluru", ["Bangalore", "Bengalooru"], "Karnataka", ["KA"], "560", ["80"], 330, False),
           ("New Delhi", ["Delhi"], "Delhi", ["NCT of Delhi", "DL"], "110", ["11"], 330, False),
           ("Chennai", ["Madras"], "Tamil Nadu", ["TN"], "600", ["44"], 330, False),
           ("Hyderabad", [], "Telangana", ["TS"], "500", ["40"], 330, False),
           ("Pune", ["Poona"], "Maharashtra", ["MH"], "411", ["20"], 330, False),
           ("Kolkata", ["Calcutta"], "West Bengal", ["WB"], "700", ["33"], 330, False)],
    'BR': [("São Paulo", ["Sao Paulo", "S. Paulo", "SP"], "SP", ["São Paulo", "Sao Paulo"], "0", ["11"], -180, False),
           ("Rio de Janeiro", ["Rio"], "RJ", ["Rio de Janeiro"], "2", ["21"], -180, False),
           ("Belo Horizonte", ["BH"], "MG", ["Minas Gerais"], "3", ["31"], -180, False),
           ("Porto Alegre", [], "RS", ["Rio Grande do Sul"], "9", ["51"], -180, False),
           ("Curitiba", [], "PR", ["Paraná", "Parana"], "8", ["41"], -180, False),
           ("Brasília", ["Brasilia"], "DF", ["Distrito Federal"], "7", ["61"], -180, False),
           ("Salvador", [], "BA", ["Bahia"], "4", ["71"], -180, False)],
    'JP': [("Tokyo", ["Tōkyō", "Tokyo-to"], "Tokyo", ["Tōkyō-to", "Tokyo-to"], "1", ["3"], 540, False),
           ("Osaka", ["Ōsaka", "Oosaka"], "Osaka", ["Osaka-fu"], "5", ["6"], 540, False),
           ("Yokohama", [], "Kanagawa", ["Kanagawa-ken"], "2", ["45"], 540, False),
           ("Nagoya", [], "Aichi", ["Aichi-ken"], "4", ["52"], 540, False),
           ("Fukuoka", [], "Fukuoka", ["Fukuoka-ken"], "8", ["92"], 540, False),
           ("Sapporo", [], "Hokkaido", ["Hokkaidō"], "0", ["11"], 540, False),
           ("Kyoto", ["Kyōto"], "Kyoto", ["Kyoto-fu"], "6", ["75"], 540, False)],
}

COUNTRY_NAMES = {
    'US': ["US", "USA", "United States", "United States of America", "U.S.", "us"],
    'UK': ["United Kingdom", "UK", "GB", "Great Britain", "England", "U.K."],
    'DE': ["Germany", "DE", "Deutschland", "GER", "germany"],
    'FR': ["France", "FR", "FRANCE", "france"],
    'IN': ["India", "IN", "IND", "india"],
    'BR': ["Brazil", "Brasil", "BR", "BRA"],
    'JP': ["Japan", "JP", "JPN", "Nippon"],
}

STREETS = {
    'US': ["Main St", "Oak Ave", "Maple Dr", "Park Ave", "Elm St", "Washington Blvd", "Lake Rd", "Cedar Ln",
           "Pine St", "Sunset Blvd", "Market St", "2nd Ave", "Highland Ave", "Mill Rd"],
    'UK': ["High Street", "Station Road", "Church Lane", "Victoria Road", "Green Lane", "Manor Road",
           "King Street", "Queen's Road", "Mill Lane", "The Crescent", "Park Road", "London Road"],
    'DE': ["Hauptstraße", "Bahnhofstraße", "Gartenstraße", "Schulstraße", "Dorfstraße", "Bergstraße",
           "Lindenstraße", "Goethestraße", "Schillerstraße", "Kirchweg", "Am Markt", "Friedrichstraße"],
    'FR': ["rue de la Paix", "avenue Victor Hugo", "boulevard Saint-Michel", "rue du Moulin",
           "place de la République", "rue Pasteur", "rue de l'Église", "avenue Jean Jaurès", "rue des Lilas",
           "chemin des Vignes"],
    'IN': ["MG Road", "Nehru Nagar", "Gandhi Road", "Station Road", "Park Street", "Link Road", "Ring Road",
           "Anna Salai", "Brigade Road", "Linking Road", "Sector 18", "Koramangala 5th Block"],
    'BR': ["Rua das Flores", "Avenida Paulista", "Rua Augusta", "Rua XV de Novembro", "Avenida Brasil",
           "Rua da Consolação", "Rua São João", "Avenida Atlântica", "Rua Sete de Setembro", "Alameda Santos"],
    'JP': ["Jingūmae", "Roppongi", "Marunouchi", "Nishi-Shinjuku", "Umeda", "Sakae", "Tenjin", "Shibaura",
           "Ōtemachi", "Nihonbashi"],
}
JP_WARDS = ["Shibuya-ku", "Minato-ku", "Chiyoda-ku", "Shinjuku-ku", "Kita-ku", "Chūō-ku", "Naka-ku", "Nishi-ku"]

PERSONAL_DOMAINS = {
    'US': [("gmail.com", 50), ("yahoo.com", 14), ("hotmail.com", 8), ("outlook.com", 8), ("aol.com", 4),
           ("icloud.com", 10), ("comcast.net", 4)],
    'UK': [("gmail.com", 45), ("hotmail.co.uk", 15), ("yahoo.co.uk", 10), ("btinternet.com", 8),
           ("outlook.com", 10), ("sky.com", 5), ("live.co.uk", 5)],
    'DE': [("gmail.com", 30), ("web.de", 22), ("gmx.de", 18), ("gmx.net", 6), ("t-online.de", 10),
           ("yahoo.de", 5), ("outlook.de", 6)],
    'FR': [("gmail.com", 40), ("orange.fr", 15), ("wanadoo.fr", 6), ("free.fr", 10), ("sfr.fr", 6),
           ("laposte.net", 8), ("hotmail.fr", 10), ("yahoo.fr", 5)],
    'IN': [("gmail.com", 65), ("yahoo.co.in", 12), ("rediffmail.com", 10), ("hotmail.com", 6), ("outlook.com", 7)],
    'BR': [("gmail.com", 50), ("hotmail.com", 15), ("uol.com.br", 8), ("bol.com.br", 6), ("yahoo.com.br", 8),
           ("outlook.com", 8), ("terra.com.br", 5)],
    'JP': [("gmail.com", 40), ("yahoo.co.jp", 25), ("docomo.ne.jp", 10), ("ezweb.ne.jp", 6), ("icloud.com", 12),
           ("softbank.ne.jp", 4), ("outlook.jp", 3)],
}
DOMAIN_TYPOS = {"gmail.com": ["gmial.com", "gmail.con", "gamil.com", "gmail.co", "gmai.com"],
                "hotmail.com": ["hotmial.com", "hotmail.con", "hotmai.com"],
                "yahoo.com": ["yahooo.com", "yaho.com", "yahoo.con"],
                "outlook.com": ["outlok.com", "outlook.con"],
                "web.de": ["web.d", "wed.de"], "gmx.de": ["gmx.d", "gmx.de.de"]}

PLACEHOLDER_EMAILS = ["test@test.com", "n/a", "none@none.com", "noemail@example.com", "asdf@asdf.com",
                      "na@na.com", "no@email.com", "x@x.com", "none", "-", "noreply@noreply.com", "a@b.c"]
PLACEHOLDER_PHONES = ["000-000-0000", "0000000000", "n/a", "123456789", "1234567890", "+1 555 555 5555",
                      "none", "-", "1111111111", "999-999-9999", "0", "+00 000 000"]
PLACEHOLDER_TEXT = ["n/a", "N/A", "-", "none", "None", ".", "x", "test", "unknown", "NA", "?"]

# job title: (canonical, department, variants)
TITLES = [
    ("Chief Executive Officer", "Executive", ["CEO", "C.E.O.", "Chief Exec"]),
    ("Chief Financial Officer", "Finance", ["CFO"]),
    ("Chief Technology Officer", "Engineering", ["CTO"]),
    ("Vice President of Sales", "Sales", ["VP Sales", "VP of Sales", "Vice President, Sales", "SVP Sales"]),
    ("Head of Marketing", "Marketing", ["Marketing Lead", "Marketing Director", "Dir. Marketing"]),
    ("Marketing Manager", "Marketing", ["Mktg Manager", "Marketing Mgr", "Manager, Marketing"]),
    ("Software Engineer", "Engineering", ["Software Developer", "Developer", "SWE", "Engineer"]),
    ("Senior Software Engineer", "Engineering", ["Sr. Software Engineer", "Sr Software Engineer", "Senior Developer"]),
    ("Data Analyst", "Analytics", ["Analyst", "Business Analyst"]),
    ("Data Scientist", "Analytics", ["Sr. Data Scientist", "ML Engineer"]),
    ("Account Executive", "Sales", ["AE", "Account Exec", "Sr. Account Executive"]),
    ("Sales Manager", "Sales", ["Sales Mgr", "Regional Sales Manager"]),
    ("Office Manager", "Operations", ["Office Mgr", "Administration"]),
    ("Operations Manager", "Operations", ["Ops Manager", "Head of Operations"]),
    ("HR Manager", "Human Resources", ["Human Resources Manager", "People Manager", "HR"]),
    ("Procurement Specialist", "Procurement", ["Buyer", "Purchasing", "Einkauf"]),
    ("IT Manager", "IT", ["IT Mgr", "Head of IT", "IT Director"]),
    ("Product Manager", "Product", ["PM", "Product Owner", "Sr. Product Manager"]),
    ("Project Manager", "Operations", ["Project Lead", "PMO"]),
    ("Customer Success Manager", "Customer Success", ["CSM", "Customer Success"]),
    ("Accountant", "Finance", ["Accounting", "Sr. Accountant", "Controller"]),
    ("Consultant", "Consulting", ["Senior Consultant", "Sr Consultant", "Associate"]),
    ("Marketing Coordinator", "Marketing", ["Marketing Assistant"]),
    ("Sales Representative", "Sales", ["Sales Rep", "Inside Sales"]),
    ("Engineering Manager", "Engineering", ["Eng Manager", "Dev Manager"]),
    ("Research Scientist", "R&D", ["Researcher", "Scientist"]),
]
OWNER_TITLES = [("Founder", "Executive", ["Co-Founder", "Owner", "Founder & CEO", "Inhaber", "Gérant", "Sócio"]),
                ("Managing Director", "Executive", ["MD", "Geschäftsführer", "Directeur Général", "Diretor", "Director"])]

# company naming
WORDS = ["Apex", "Summit", "Blue", "River", "Northern", "Pioneer", "Vertex", "Harbor", "Silver", "Granite",
         "Bright", "Cedar", "Atlas", "Beacon", "Crescent", "Evergreen", "Falcon", "Horizon", "Keystone",
         "Lighthouse", "Meridian", "Nova", "Orion", "Pinnacle", "Quantum", "Redwood", "Sterling", "Trident",
         "Unity", "Vantage", "Willow", "Zenith", "Ironclad", "Oakridge", "Maple", "Coastal", "Prairie", "Metro",
         "Alpine", "Cobalt", "Lumen", "Nimbus", "Polaris", "Saffron", "Tidal", "Verde", "Kestrel", "Aurora"]
INDUSTRY = ["Analytics", "Logistics", "Software", "Systems", "Consulting", "Solutions", "Labs", "Health",
            "Foods", "Energy", "Capital", "Media", "Robotics", "Design", "Engineering", "Manufacturing",
            "Pharma", "Retail", "Networks", "Security", "Insurance", "Motors", "Textiles", "Chemicals",
            "Partners", "Technologies", "Data", "Cloud", "Biotech", "Freight"]
LOCAL_WORDS = {
    'DE': (["Bayerische", "Rheinische", "Norddeutsche", "Hanseatische", "Schwäbische", "Märkische", "Westfälische"],
           ["Maschinenbau", "Werkzeugbau", "Logistik", "Versicherung", "Energie", "Datentechnik", "Stahlwerke",
            "Handelsgesellschaft", "Medizintechnik", "Softwarehaus", "Elektrotechnik", "Verpackung"]),
    'FR': (["Société Générale de", "Compagnie Française de", "Groupe Européen de", "Société Nationale de"],
           ["Transports", "Distribution", "Logiciels", "Énergie", "Assurances", "Télécommunications", "Chimie",
            "Matériaux", "Conseil"]),
    'IN': (["Bharat", "Hindustan", "Indus", "Ganga", "Deccan", "Sahyadri", "Vindhya"],
           ["Infotech", "Steels", "Pharmaceuticals", "Motors", "Software Services", "Consultancy Services",
            "Textiles", "Chemicals", "Logistics", "Power"]),
    'BR': (["Companhia Brasileira de", "Indústrias Reunidas", "Grupo Paulista de", "Companhia Nacional de"],
           ["Alimentos", "Distribuição", "Energia", "Tecnologia", "Logística", "Bebidas", "Seguros", "Papel"]),
    'JP': (["Nippon", "Tōkyō", "Ōsaka", "Chūbu", "Kansai", "Yamato", "Fuji", "Sakura", "Mitsuboshi"],
           ["Denki", "Seimitsu", "Kōgyō", "Shōji", "Tsūshin", "Kasei", "Electric", "Precision", "Trading",
            "Logistics", "Seiyaku"]),
}
GIANT_W1 = ["International", "General", "American", "United", "Consolidated", "Pacific", "Atlantic",
            "National", "Global", "Continental", "Allied", "Universal"]
GIANT_W2 = ["Business", "Data", "Precision", "Freight", "Health", "Energy", "Software", "Electronics",
            "Materials", "Financial", "Media", "Telecom"]
GIANT_W3 = ["Machines", "Systems", "Instruments", "Services", "Technologies", "Industries", "Holdings",
            "Networks", "Solutions", "Group"]
FAMILY_NAMES_FOR_FIRMS = {'US': ["Hartwell", "Pierce", "Whitman", "Langley", "Brooks"],
                          'UK': ["Ashworth", "Pemberton", "Fairfax", "Holloway"],
                          'DE': ["Brenninger", "Kesselring", "Vollmer", "Hagedorn"],
                          'FR': ["Delacroix", "Beaumont", "Marchetti", "Lavigne"],
                          'IN': ["Mehta", "Iyengar", "Kirloskar", "Bajpai"],
                          'BR': ["Albuquerque", "Figueiredo", "Bittencourt"],
                          'JP': ["Mori", "Takeda", "Kanemoto"]}

# canonical legal suffix per country -> spelling variants
SUFFIX = {
    'US': [("Inc.", ["Inc.", "Inc", "Incorporated", ", Inc.", "INC"]), ("Corporation", ["Corporation", "Corp.", "Corp", "CORP"]),
           ("LLC", ["LLC", "L.L.C.", "Llc", ", LLC"]), ("Co.", ["Co.", "Company", "Co"])],
    'UK': [("Ltd", ["Ltd", "Ltd.", "Limited", "LTD"]), ("plc", ["plc", "PLC", "Plc", "p.l.c."]), ("LLP", ["LLP", "L.L.P."])],
    'DE': [("GmbH", ["GmbH", "Gmbh", "GMBH", "G.m.b.H."]), ("AG", ["AG", "Aktiengesellschaft"]),
           ("GmbH & Co. KG", ["GmbH & Co. KG", "GmbH & Co KG", "GmbH&Co.KG", "GmbH u. Co. KG"]), ("SE", ["SE"])],
    'FR': [("SA", ["SA", "S.A.", "S.A"]), ("SAS", ["SAS", "S.A.S.", "S.A.S"]), ("SARL", ["SARL", "S.A.R.L.", "Sarl"])],
    'IN': [("Pvt Ltd", ["Pvt Ltd", "Pvt. Ltd.", "Private Limited", "Pvt. Ltd", "(P) Ltd", "PVT LTD"]),
           ("Ltd", ["Ltd", "Limited", "Ltd."])],
    'BR': [("Ltda", ["Ltda", "Ltda.", "LTDA"]), ("S.A.", ["S.A.", "SA", "S/A"])],
    'JP': [("K.K.", ["K.K.", "KK", "Kabushiki Kaisha", "Co., Ltd.", "Corporation"]),
           ("Co., Ltd.", ["Co., Ltd.", "Co. Ltd.", "Co.,Ltd.", "Company Limited", "Co.,Ltd"])],
}
COUNTRY_ADJ = {'US': "America", 'UK': "UK", 'DE': "Deutschland", 'FR': "France", 'IN': "India",
               'BR': "Brasil", 'JP': "Japan"}
TLD = {'US': "com", 'UK': "co.uk", 'DE': "de", 'FR': "fr", 'IN': "in", 'BR': "com.br", 'JP': "co.jp"}
SHARED_LOCALS = {'US': ["info", "sales", "contact", "office", "admin"], 'UK': ["info", "sales", "enquiries", "office"],
                 'DE': ["info", "kontakt", "vertrieb", "office"], 'FR': ["contact", "info", "commercial", "accueil"],
                 'IN': ["info", "sales", "contact", "admin"], 'BR': ["contato", "comercial", "vendas", "info"],
                 'JP': ["info", "sales", "contact"]}
