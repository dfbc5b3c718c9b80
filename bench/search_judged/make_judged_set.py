"""Writes the judged set for bench/search_quality.py: items (JSONL files importable by import_items, one per site and
column) and queries.yaml (each query with the old_url of every item judged relevant to it).

Each topic below is one subject a citizen looks for, on the site that would publish it; five items are written on it
(通知公告, 政策文件, 政策解读, 办事指南, 工作动态) and judged relevant to its query. The query is worded as a citizen
would type it, often not as the items word it (abbreviations, 繁体, a different phrasing). Items of the sites whose
seeds are in traditional characters (001 河北, 003 陕西工信) are written in traditional characters.
Run once; the output is committed: python bench/search_judged/make_judged_set.py"""

import json
import random
from collections import defaultdict
from datetime import datetime
from pathlib import Path

import opencc
import yaml

OUT = Path(__file__).resolve().parent
to_traditional = opencc.OpenCC("s2t")

# site: (place, domain, {type: column path})
SITES = {
    "baoji": ("宝鸡市", "www.baoji.gov.cn", {
        "notice": "/yao-wen-dong-tai/tong-zhi-gong-gao/", "policy": "/zheng-ce-wen-jian/",
        "reading": "/jie-du-hui-ying/zheng-ce-jie-du/", "guide": "/yao-wen-dong-tai/tong-zhi-gong-gao/",
        "news": "/yao-wen-dong-tai/bu-men-dong-tai/"}),
    "hebei": ("河北省", "www.hebei.gov.cn", {
        "notice": "/yao-wen-dong-tai/tong-zhi-gong-gao/", "policy": "/zheng-ce-wen-jian/",
        "reading": "/jie-du-hui-ying/zheng-ce-jie-du/", "guide": "/yao-wen-dong-tai/tong-zhi-gong-gao/",
        "news": "/yao-wen-dong-tai/bu-men-dong-tai/"}),
    "hebhb": ("河北省", "www.hebhb.gov.cn", {
        "notice": "/zheng-wu-gong-kai/sheng-tai-bao-hu/tong-zhi-gong-gao/", "policy": "/zheng-wu-gong-kai/zheng-ce-fa-gui/",
        "reading": "/zheng-wu-gong-kai/zheng-ce-fa-gui/", "guide": "/zheng-wu-gong-kai/sheng-tai-bao-hu/tong-zhi-gong-gao/",
        "news": "/xin-wen-zhong-xin/sheng-ting-dong-tai/gong-zuo-dong-tai/"}),
    "sxit": ("陕西省", "www.sxgxt.gov.cn", {
        "notice": "/tong-zhi-gong-gao/tong-zhi/", "policy": "/zheng-ce-wen-jian/zheng-ce-fa-gui/",
        "reading": "/jie-du-hui-ying/zheng-ce-jie-du/", "guide": "/ban-shi-fu-wu/ban-shi-zhi-nan/",
        "news": "/gong-zuo-dong-tai/"}),
    "weibin": ("渭滨区", "www.weibin.gov.cn", {
        "notice": "/xin-wen/gong-shi-gong-gao/", "policy": "/zheng-wu/zhu-dong-gong-kai/zheng-ce-jie-du/",
        "reading": "/zheng-wu/zhu-dong-gong-kai/zheng-ce-jie-du/", "guide": "/xin-wen/gong-shi-gong-gao/",
        "news": "/xin-wen/jin-ri-wei-bin/"}),
    "hebjgbz": ("河北省", "www.hebjgbz.gov.cn", {
        "notice": "/tong-zhi-gong-gao/", "policy": "/zheng-ce-fa-gui/", "reading": "/zheng-ce-fa-gui/",
        "guide": "/tong-zhi-gong-gao/", "news": "/gong-zuo-dong-tai/"}),
}
TRADITIONAL_SITES = {"sxit", "hebei"}

# (site, agency, topic, what it is about, the citizen's query)
TOPICS = [
    ("baoji", "市人力资源和社会保障局", "社会保障卡申领", "参保人员可在合作银行网点、社保经办窗口和“陕西人社”线上渠道申领第三代社会保障卡，首次申领免收工本费", "社保卡申领"),
    ("baoji", "宝鸡住房公积金管理中心", "住房公积金提取", "缴存职工购买、建造自住住房，租房自住以及离休退休时，可按规定提取本人住房公积金账户余额", "公积金怎么提取"),
    ("baoji", "市医疗保障局", "城乡居民基本医疗保险参保缴费", "城乡居民按年度缴纳基本医疗保险费，个人缴费标准和财政补助标准按国家规定同步提高", "居民医保缴费"),
    ("baoji", "市公安局", "新生儿落户", "新生儿出生后可凭出生医学证明和父母户口簿在户籍窗口或“陕西公安”平台申报户口登记", "新生儿落户办理"),
    ("baoji", "市自然资源和规划局", "不动产登记", "推行不动产登记一窗受理、集成服务，一般登记5个工作日内办结", "不动产登记"),
    ("baoji", "市市场监督管理局", "企业开办营业执照", "企业开办实行营业执照、公章刻制、涉税事项一网通办，全程最快1个工作日", "市场监管局营业执照"),
    ("baoji", "市教育局", "义务教育招生入学", "公办小学和初中招生实行划片招生、免试就近入学，民办学校与公办学校同步招生", "义务教育阶段招生入学"),
    ("baoji", "市住房和城乡建设局", "城镇老旧小区改造", "对2000年底前建成、失养失修失管的城镇老旧小区实施基础类、完善类和提升类改造", "住建局老旧小区"),
    ("baoji", "市城市管理执法局", "生活垃圾分类", "推进生活垃圾分类投放、分类收集、分类运输和分类处理体系建设", "垃圾分类"),
    ("baoji", "市人力资源和社会保障局", "创业担保贷款", "符合条件的个人创业可申请最高20万元创业担保贷款，小微企业最高300万元，按规定享受贴息", "人社局创业贷款"),
    ("hebei", "省政府办公厅", "政府网站集约化平台建设", "推进全省政府网站集约化平台建设，统一信息资源库、统一用户管理和统一安全防护", "政府网站集约化平台"),
    ("hebei", "省政府办公厅", "政府信息公开工作年度报告", "各级行政机关应在每年1月31日前向社会公布本机关上一年度政府信息公开工作年度报告", "政务公开年度报告"),
    ("hebei", "省发展和改革委员会", "优化营商环境", "持续深化简政放权、放管结合、优化服务改革，打造市场化法治化国际化营商环境", "发改委营商环境"),
    ("hebei", "省生态环境厅", "大气污染综合治理", "开展秋冬季大气污染综合治理攻坚行动，强化重污染天气应急管控", "大氣污染治理"),
    ("hebei", "省应急管理厅", "安全生产隐患排查治理", "组织开展安全生产大检查，全面排查治理重大事故隐患，压实企业主体责任", "安全生产隐患排查"),
    ("hebei", "省农业农村厅", "乡村振兴重点工作", "巩固拓展脱贫攻坚成果同乡村振兴有效衔接，推进乡村发展、乡村建设和乡村治理", "乡村振兴"),
    ("hebei", "省民政厅", "城乡最低生活保障标准", "提高城乡最低生活保障标准，农村最低生活保障标准不低于省定最低指导标准", "低保标准"),
    ("hebei", "省水利厅", "汛期防汛抗旱", "入汛前完成水库、河道和堤防隐患排查，汛期实行24小时值班和领导带班", "汛期防汛"),
    ("hebei", "省人力资源和社会保障厅", "高校毕业生就业创业", "促进高校毕业生等青年就业创业，落实一次性吸纳就业补贴和求职创业补贴", "人社厅毕业生就业"),
    ("hebei", "省住房和城乡建设厅", "冬季清洁取暖", "推进农村地区冬季清洁取暖改造，因地制宜采用气代煤、电代煤等方式", "清洁取暖"),
    ("hebhb", "省环境保护厅", "排污许可证核发", "纳入固定污染源排污许可分类管理名录的排污单位应依法申领排污许可证，按证排污", "排污许可证申领"),
    ("hebhb", "省环境保护厅", "建设项目环境影响评价", "建设项目环境影响评价文件实行分级审批，审批时限压缩至法定时限的一半", "环评审批"),
    ("hebhb", "省环境保护厅", "突发环境事件应急预案", "企业事业单位应编制突发环境事件应急预案并向所在地生态环境部门备案", "突发环境事件应急预案"),
    ("hebhb", "省环境保护厅", "机动车排气污染防治", "开展机动车排气污染检测和路检路查，淘汰高排放老旧车辆", "机动车尾气"),
    ("hebhb", "省环境保护厅", "重点流域水污染防治", "实施重点流域水污染防治规划，推进入河排污口排查整治", "水污染防治"),
    ("hebhb", "省环境保护厅", "土壤污染防治", "开展农用地土壤污染状况详查，建立建设用地土壤污染风险管控和修复名录", "土壤污染"),
    ("hebhb", "省环境保护厅", "中央环境保护督察整改", "抓好中央环境保护督察反馈问题整改落实，实行清单化管理、销号制管理", "环保督察整改"),
    ("hebhb", "省环境保护厅", "危险废物规范化管理", "督促危险废物产生单位和经营单位落实转移联单、管理计划和台账制度", "危废管理"),
    ("hebhb", "省环境保护厅", "环境空气质量自动监测", "全省环境空气质量自动监测站点实现县区全覆盖，监测数据实时发布", "空气质量监测"),
    ("hebhb", "省环境保护厅", "生态保护红线", "划定并严守生态保护红线，红线内严格禁止开发性、生产性建设活动", "生态红线"),
    ("sxit", "省工业和信息化厅", "专精特新中小企业培育", "培育一批专注细分市场、创新能力强、成长性好的专精特新中小企业", "专精特新中小企业"),
    ("sxit", "省工业和信息化厅", "工业互联网平台建设", "推动工业互联网平台建设和企业上云用云，打造一批工业互联网示范项目", "工业互联网平台"),
    ("sxit", "省工业和信息化厅", "两化融合管理体系贯标", "推进信息化和工业化深度融合，引导企业开展两化融合管理体系贯标评定", "两化融合"),
    ("sxit", "省工业和信息化厅", "工业节能监察", "对重点用能企业开展工业节能监察，推动能效对标达标", "工业节能"),
    ("sxit", "省工业和信息化厅", "无线电频率使用许可", "使用无线电频率应当取得许可，设置使用无线电台站须办理执照", "无线电频率许可"),
    ("sxit", "省工业和信息化厅", "门户网站信息发布审核", "门户网站信息实行信息员提交、处室负责人审核、分管领导审定的三级审核制度", "工信厅网站信息发布"),
    ("sxit", "省工业和信息化厅", "促进民营经济发展", "落实促进民营经济发展壮大的政策措施，帮助民营企业纾困解难", "民營經濟"),
    ("sxit", "省工业和信息化厅", "5G基站建设", "加快5G基站建设，推动公共建筑和公共设施向5G基站建设开放", "5g基站"),
    ("sxit", "省工业和信息化厅", "工业企业技术改造", "安排工业企业技术改造专项资金，支持企业实施设备更新和智能化改造", "技改资金"),
    ("sxit", "省工业和信息化厅", "新材料产业发展", "壮大钛及钛合金、先进陶瓷等新材料产业集群", "新材料产业"),
    ("weibin", "区农业农村局", "秸秆禁烧", "夏收秋收期间严禁露天焚烧秸秆，推进秸秆肥料化、饲料化综合利用", "秸秆焚烧"),
    ("weibin", "区农业农村局", "农村人居环境整治", "开展村庄清洁行动，推进农村厕所革命和生活污水治理", "人居环境整治"),
    ("weibin", "区民政局", "高龄老人生活补贴", "对具有本区户籍、年满80周岁以上的老年人按月发放高龄生活补贴", "高龄补贴"),
    ("weibin", "区社会保险经办中心", "城乡居民养老保险缴费", "城乡居民养老保险个人缴费设多个档次，多缴多得，政府给予缴费补贴", "居民养老保险缴费"),
    ("weibin", "区退役军人事务局", "退役军人优待证申领", "退役军人和其他优抚对象可申领优待证，凭证享受交通、文旅等优待", "退役军人优待证"),
    ("weibin", "区残疾人联合会", "残疾人两项补贴", "困难残疾人生活补贴和重度残疾人护理补贴实行申请、审核、审批全程网办", "残疾人护理补贴"),
    ("weibin", "区河长制办公室", "河长制巡河", "区镇村三级河长定期巡河，渭河及支流河道“清四乱”常态化", "河长巡河"),
    ("weibin", "区消防救援大队", "消防安全检查", "对人员密集场所和九小场所开展消防安全检查，整治火灾隐患", "消防安全检查"),
    ("weibin", "区市场监督管理局", "食品安全抽检", "对农贸市场、超市和学校食堂开展食品安全监督抽检，抽检结果依法公示", "食品安全抽检"),
    ("weibin", "区卫生健康局", "儿童免疫规划疫苗接种", "适龄儿童按免疫程序免费接种免疫规划疫苗，接种单位每周开放接种门诊", "儿童疫苗接种"),
    ("weibin", "区公安分局", "防范电信网络诈骗", "开展防范电信网络诈骗宣传进社区、进校园，提醒群众不听不信不转账", "电信诈骗"),
    ("weibin", "区政务服务中心", "12345政务服务便民热线", "12345政务服务便民热线7×24小时受理群众咨询、求助、投诉和建议", "12345热线"),
    ("weibin", "区行政审批服务局", "政务服务一网通办", "推进政务服务事项一网通办、一次办成，高频事项实现跨省通办", "一网通办"),
    ("weibin", "区人民武装部", "征兵报名", "男性青年应在规定时间内登录全国征兵网进行兵役登记和应征报名", "征兵报名"),
    ("weibin", "区自然资源局", "耕地保护", "严格落实耕地保护责任，坚决遏制耕地非农化、防止基本农田非粮化", "耕地保护"),
    ("hebjgbz", "省委机构编制委员会办公室", "事业单位法人登记", "事业单位设立、变更、注销登记实行网上申请、网上审核，证书电子化", "事业单位法人登记"),
    ("hebjgbz", "省委机构编制委员会办公室", "机构编制信息公开", "依法依规公开机构职能、机构设置和编制核定等机构编制信息", "编办信息公开"),
    ("hebjgbz", "省委机构编制委员会办公室", "政府部门权责清单", "全面推行政府部门权责清单制度，实行动态调整和统一规范管理", "权责清单"),
    ("hebjgbz", "省委机构编制委员会办公室", "市县机构改革", "统筹推进市县机构改革，确保机构职能调整到位、人员转隶到位", "机构改革"),
    ("hebjgbz", "省委机构编制委员会办公室", "事业单位年度报告公示", "事业单位应于每年3月31日前报送上一年度报告，经审核后在网上公示", "事业单位年报公示"),
]

TEMPLATES = {
    "notice": ("关于做好{topic}工作的通知",
               "各有关单位：\n为进一步做好{topic}工作，{desc}。经研究，现就有关事项通知如下：\n"
               "一、提高思想认识。各单位要充分认识做好{topic}工作的重要意义，主要负责同志亲自抓、负总责。\n"
               "二、明确工作任务。要对照年度目标，细化措施，明确责任人和完成时限，确保按期完成。\n"
               "三、强化督导检查。{agency}将适时组织督导，对工作推进不力的予以通报。\n"
               "联系人：综合科，电话：0917-3200{n:03d}。\n{agency}\n{date}"),
    "policy": ("{place}{topic}管理办法",
               "第一条 为规范{topic}工作，根据有关法律法规，结合本地实际，制定本办法。\n"
               "第二条 本办法适用于本行政区域内的{topic}及其监督管理活动。\n"
               "第三条 {desc}。\n第四条 {agency}负责本办法的组织实施，有关部门按照职责分工做好相关工作。\n"
               "第五条 本办法自发布之日起施行，有效期五年。"),
    "reading": ("《{place}{topic}管理办法》政策解读",
                "一、出台背景\n为落实国家和省有关部署，{agency}起草了《{place}{topic}管理办法》。\n"
                "二、主要内容\n办法共五条，明确了适用范围和职责分工。其中规定：{desc}。\n"
                "三、创新举措\n办法突出便民利企，压减办理环节和时限，推行网上办理。\n"
                "四、解读机关及联系方式\n解读机关：{agency}；咨询电话：0917-3210{n:03d}。"),
    "guide": ("{topic}办事指南",
              "事项名称：{topic}\n实施机关：{agency}\n办理条件：{desc}。\n"
              "申请材料：申请表、有效身份证件及相关证明材料。\n"
              "办理流程：申请—受理—审核—办结，可通过政务服务网在线办理，也可到政务服务大厅窗口办理。\n"
              "办理时限：承诺5个工作日。收费标准：不收费。\n咨询电话：0917-3220{n:03d}。"),
    "news": ("{place}召开{topic}工作推进会",
             "{month}月{day}日，{agency}召开{topic}工作推进会，总结前一阶段工作，安排部署下一步重点任务。\n"
             "会议指出，{desc}，各项工作取得阶段性成效。\n会议要求，各单位要对标对表、压实责任，"
             "确保{topic}各项任务落地见效，以实际成效回应群众关切。"),
}

# Items on no topic of the judged queries: what a site publishes besides (the noise the engine must rank below).
OTHER_NEWS = [
    "召开常务会议研究部署近期重点工作", "举行国家宪法日主题宣传活动", "开展节前廉政提醒谈话", "召开年度民主生活会",
    "组织干部职工参加义务植树活动", "召开党风廉政建设工作会议", "举办政务信息写作培训班", "开展“三八”妇女节慰问活动",
    "召开统计工作会议", "开展保密法宣传教育", "召开档案工作会议", "组织开展应急演练", "举行新录用公务员入职培训",
    "召开信访工作联席会议", "开展志愿服务进社区活动", "召开网络安全工作会议", "举办国家安全教育日宣传", "召开审计整改工作会议",
    "开展政务服务满意度调查", "召开人大代表建议和政协提案办理工作会议",
]


def main():
    rng = random.Random(12)
    files, queries = defaultdict(list), []
    for number, (site, agency, topic, desc, query) in enumerate(TOPICS, start=1):
        place, domain, columns = SITES[site]
        relevant = []
        for kind, (title_t, body_t) in TEMPLATES.items():
            when = datetime(rng.randint(2019, 2025), rng.randint(1, 12), rng.randint(1, 28), rng.randint(8, 17), 0)
            fields = {"place": place, "agency": agency, "topic": topic, "desc": desc, "n": number,
                      "date": f"{when.year}年{when.month}月{when.day}日", "month": when.month, "day": when.day}
            title, body = title_t.format(**fields), body_t.format(**fields)
            if site in TRADITIONAL_SITES and (site == "sxit" or number % 2):
                title, body = to_traditional.convert(title), to_traditional.convert(body)
            old_url = f"http://{domain}/art/{when:%Y/%m/%d}/art_{number}_{kind}.html"
            item = {"title": title, "body": body, "publish_date": when.isoformat(), "source": agency, "old_url": old_url}
            if kind == "notice":
                item["attachments"] = [{"title": f"{topic}工作任务分解表.xlsx", "url": f"/attach/{number}/tasks.xlsx"}]
            files[(site, columns[kind])].append(item)
            relevant.append(old_url)
        queries.append({"query": query, "relevant": relevant, "topic": topic})
    for i, subject in enumerate(OTHER_NEWS * 2):
        site = list(SITES)[i % len(SITES)]
        place, domain, columns = SITES[site]
        when = datetime(rng.randint(2019, 2025), rng.randint(1, 12), rng.randint(1, 28), 10, 0)
        title = f"{place}{subject}" + ("" if i < len(OTHER_NEWS) else f"（{when.year}年）")
        body = (f"{when.month}月{when.day}日，{place}有关部门{subject}。会议传达学习了上级有关文件精神，"
                "通报了前一阶段工作情况，对下一步工作作出安排。与会人员表示，将以更加务实的作风抓好各项工作落实。")
        files[(site, columns["news"])].append({"title": title, "body": body, "publish_date": when.isoformat(),
                                              "old_url": f"http://{domain}/art/{when:%Y/%m/%d}/art_other_{i}.html"})
    items_dir = OUT / "items"
    items_dir.mkdir(exist_ok=True)
    index = []
    for (site, column), items in sorted(files.items()):
        name = f"{site}{column.replace('/', '_').rstrip('_')}.jsonl"
        with open(items_dir / name, "w", encoding="utf-8") as out:
            for item in items:
                out.write(json.dumps(item, ensure_ascii=False) + "\n")
        index.append({"site": site, "column": column, "file": f"items/{name}", "count": len(items)})
    (OUT / "files.yaml").write_text(yaml.safe_dump(index, allow_unicode=True, sort_keys=False), encoding="utf-8")
    (OUT / "queries.yaml").write_text(yaml.safe_dump(queries, allow_unicode=True, sort_keys=False), encoding="utf-8")
    print(sum(len(v) for v in files.values()), "items,", len(queries), "queries")


if __name__ == "__main__":
    main()
